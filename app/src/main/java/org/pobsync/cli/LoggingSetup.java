package org.pobsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one logging configuration of every pobsync process: CLI commands, {@code worker},
 * {@code scheduler}, {@code web} and {@code serve} alike (docs/design.md, "Logs"). One line per
 * event on stderr, so stdout carries only a command's own output (the JSON of
 * {@code pobsync runs}), laid out by {@link ServiceLogging}. logback finds this class as a
 * service (META-INF/services) before it looks for a logback.xml.
 *
 * <p>It is Java rather than a logback.xml because reading XML made logback load about 440 more
 * classes (its Joran configurator and the JDK's XML parser): some 10 % of the CPU of a short
 * command such as {@code pobsync runs --limit 1} (bench/cli-start.sh, docs/benchmarks.md).
 * Spring Boot does not touch logging ({@code PobsyncWeb.start} sets its LoggingSystem to none),
 * so this is also the panel's configuration and {@code logging.*} properties have no effect. A
 * file given with {@code -Dlogback.configurationFile=FILE} replaces this configuration whole.
 */
public final class LoggingSetup extends ContextAwareBase implements Configurator {

    /** Library chatter reduced to warnings; the migrations say what they apply. */
    private static final List<LoggerLevel> LEVELS = List.of(
            new LoggerLevel("com.zaxxer.hikari", Level.WARN),
            new LoggerLevel("org.flywaydb", Level.WARN),
            new LoggerLevel("org.flywaydb.core.internal.command.DbMigrate", Level.INFO),
            new LoggerLevel("org.springframework.security", Level.WARN),
            // What Spring Boot's own defaults quieten (its defaults.xml).
            new LoggerLevel("org.apache.catalina.startup.DigesterFactory", Level.ERROR),
            new LoggerLevel("org.apache.catalina.util.LifecycleBase", Level.ERROR),
            new LoggerLevel("org.apache.coyote.http11.Http11NioProtocol", Level.WARN),
            new LoggerLevel("org.apache.tomcat.util.net.NioSelectorPool", Level.WARN),
            new LoggerLevel("org.hibernate.validator.internal.util.Version", Level.WARN));

    private record LoggerLevel(String logger, Level level) {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // Problems go to stderr (logback would print them on stdout, into a command's output).
        context.getStatusManager().add(new ServiceLogging.Problems());

        ServiceLogging layout = new ServiceLogging();
        layout.setContext(context);
        layout.setJournalStream(System.getenv("JOURNAL_STREAM"));
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        for (LoggerLevel l : LEVELS) {
            context.getLogger(l.logger()).setLevel(l.level());
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
