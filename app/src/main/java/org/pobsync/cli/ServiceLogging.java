package org.pobsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Log output of every command (installed before any command runs): one line per event on stderr,
 * so stdout carries only the command's own output (e.g. {@code runs --json});
 * "LEVEL logger: message". Under systemd (JOURNAL_STREAM is set) each line starts with the
 * syslog priority ({@code <4>}) so {@code journalctl -p warning} works, and without a time
 * stamp, which the journal adds; on a terminal it starts with the local time. Library chatter
 * (connection pool, migrations' details) is reduced to warnings. A logback configuration given
 * with -Dlogback.configurationFile wins.
 */
final class ServiceLogging {

    private static boolean installed;

    private ServiceLogging() {
    }

    static synchronized void install(Map<String, String> env) {
        if (installed || System.getProperty("logback.configurationFile") != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        installed = true;
        context.reset();
        Layout layout = new Layout(env.get("JOURNAL_STREAM") != null);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        context.getLogger("org.flywaydb.core.internal.command.DbMigrate").setLevel(Level.INFO);
    }

    /** "<6>INFO worker: run 42 of web1: claimed by worker backup1:1234". */
    static final class Layout extends LayoutBase<ILoggingEvent> {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault());

        private final boolean journal;

        Layout(boolean journal) {
            this.journal = journal;
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
                    // Unexpected failures keep their stack trace: someone will need it.
                    sb.append('\n').append(ThrowableProxyUtil.asString(t));
                } else {
                    sb.append(" (").append(t.getClassName()).append(": ").append(t.getMessage()).append(')');
                }
            }
            return sb.append('\n').toString();
        }

        static int priority(Level level) {
            return switch (level.toInt()) {
                case Level.ERROR_INT -> 3;
                case Level.WARN_INT -> 4;
                case Level.INFO_INT -> 6;
                default -> 7;
            };
        }
    }
}
