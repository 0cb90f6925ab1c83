package org.pobsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The log line of every pobsync process, set up by {@link LoggingSetup} (the one logging
 * configuration of all commands, the panel included): "LEVEL logger: message", with the last
 * segment of the logger's name. Under systemd ({@code JOURNAL_STREAM} set, which LoggingSetup
 * passes to {@link #setJournalStream}) a line starts with its syslog priority ({@code <4>}), so
 * {@code journalctl -p warning} works, and has no time stamp, which the journal adds; on a
 * terminal it starts with the local time. An expected failure logged below ERROR stays one line
 * (its exception's class and message in brackets); an ERROR keeps its stack trace, because
 * someone will need it.
 */
public final class ServiceLogging extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private boolean journal;

    /** The value of JOURNAL_STREAM; any non-empty value means stderr goes to the journal. */
    public void setJournalStream(String journalStream) {
        this.journal = journalStream != null && !journalStream.isBlank();
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(128);
        if (journal) {
            sb.append('<').append(priority(e.getLevel())).append('>');
        } else {
            sb.append(TIME.format(Instant.ofEpochMilli(e.getTimeStamp()))).append(' ');
        }
        String logger = e.getLoggerName();
        sb.append(e.getLevel()).append(' ').append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ")
                .append(e.getFormattedMessage());
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            if (e.getLevel().isGreaterOrEqual(Level.ERROR)) {
                sb.append('\n').append(ThrowableProxyUtil.asString(t));
            } else {
                sb.append(" (").append(t.getClassName()).append(": ").append(t.getMessage()).append(')');
            }
        }
        return sb.append('\n').toString();
    }

    /**
     * Logback's own problems (a broken configuration, an appender that fails) as one line on
     * stderr. Without a listener logback prints them on stdout, into a command's output; its
     * console listeners print every status, not just problems.
     */
    public static final class Problems implements StatusListener {
        @Override
        public void addStatusEvent(Status status) {
            if (status.getEffectiveLevel() >= Status.WARN) {
                Throwable t = status.getThrowable();
                System.err.println("logback: " + status.getMessage() + (t == null ? "" : " (" + t + ")"));
            }
        }
    }

    /** The syslog priority journald reads from a line's {@code <N>} prefix (sd-daemon(3)). */
    static int priority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }
}
