package org.pobsync.web;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts and stops the web control panel inside a process that already owns an
 * {@link AppContext}: {@code pobsync web} alone, or {@code pobsync serve} next to the scheduler
 * and worker loops. The caller keeps ownership of the AppContext and closes it after the handle.
 */
public final class PobsyncWeb {

    private static final Logger log = LoggerFactory.getLogger(PobsyncWeb.class);
    static final long HEARTBEAT_SECONDS = 30;

    /** A running panel. {@link #close} stops the web server and the heartbeat; it is idempotent. */
    public interface Handle extends AutoCloseable {
        /** The port actually bound (differs from POBSYNC_BIND's only when that asked for port 0). */
        int port();

        /** The base URL operators open, e.g. {@code http://127.0.0.1:8010/}. */
        String url();

        /**
         * When this start created the first account, prints its password in a box with the URL
         * (on the {@code out} given to {@link #start}); call it last, once the start-up log has
         * settled, so the box is not lost between log lines. Does nothing otherwise.
         */
        void announceFirstStart();

        @Override
        void close();
    }

    private PobsyncWeb() {
    }

    /**
     * Creates the first admin account when there is no user yet (its password goes to
     * {@code out} at {@link Handle#announceFirstStart}), binds to POBSYNC_BIND and starts serving. {@code extraSources} are additional
     * Spring configuration classes (tests use them to add a request-counting filter).
     */
    public static Handle start(AppContext app, PrintStream out, Class<?>... extraSources) {
        InitialAdmin.Created firstAccount = InitialAdmin.createIfNoUsers(app.users());
        keepLoggingAsConfigured();
        PobsyncSettings settings = app.settings();
        List<Class<?>> sources = new ArrayList<>(List.of(PobsyncWebApplication.class));
        sources.addAll(List.of(extraSources));
        SpringApplication spring = new SpringApplication(sources.toArray(Class<?>[]::new));
        spring.setMainApplicationClass(PobsyncWebApplication.class);
        spring.setBannerMode(Banner.Mode.OFF);
        spring.setRegisterShutdownHook(false); // the owner of the handle decides when to stop
        spring.addInitializers(context -> {
            registerServices(context.getBeanFactory(), app);
            // POBSYNC_BIND is the one bind setting (SPEC section 2); it outranks any server.* property.
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("pobsync-bind", Map.of(
                    "server.address", settings.bindAddress(), "server.port", settings.bindPort())));
        });
        ConfigurableApplicationContext context = spring.run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Instant startedAt = app.clock().instant();
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pobsync-web-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(() -> beat(app, startedAt), 0, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        String url = "http://" + hostForUrl(settings.bindAddress()) + ":" + port + "/";
        log.info("pobsync web panel listening on {}", url);
        return new Running(context, heartbeat, port, url, firstAccount, out);
    }

    /**
     * The one composition root's services as beans of their types, so controllers get them by
     * constructor injection. Singletons registered this way are never destroyed by Spring: the
     * AppContext belongs to whoever started the panel.
     */
    public static void registerServices(ConfigurableListableBeanFactory beans, AppContext app) {
        app.services().forEach((type, service) -> beans.registerSingleton(type.getName(), service));
    }

    /**
     * Spring Boot would re-initialise logging when it starts, in its own format and on stdout: the
     * worker and scheduler of {@code pobsync serve} then logged that way, and journald lost their
     * priorities. With its logging system "none" (Boot's documented switch, a system property read
     * at start-up) logback stays as LoggingSetup configured it for every command. Boot's logging
     * system would also have routed java.util.logging, which Tomcat logs through, into slf4j; that
     * bridge is installed here instead.
     */
    private static void keepLoggingAsConfigured() {
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private static void beat(AppContext app, Instant startedAt) {
        try {
            app.heartbeats().beat("web", startedAt);
        } catch (RuntimeException e) {
            log.warn("web heartbeat failed: {}", e.getMessage());
        }
    }

    private static String hostForUrl(String bindAddress) {
        if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::") || bindAddress.isEmpty()) {
            return "127.0.0.1";
        }
        return bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress;
    }

    private static final class Running implements Handle {
        private final ConfigurableApplicationContext context;
        private final ScheduledExecutorService heartbeat;
        private final int port;
        private final String url;
        private final PrintStream out;
        private InitialAdmin.Created firstAccount;

        Running(ConfigurableApplicationContext context, ScheduledExecutorService heartbeat, int port, String url,
                InitialAdmin.Created firstAccount, PrintStream out) {
            this.context = context;
            this.heartbeat = heartbeat;
            this.port = port;
            this.url = url;
            this.firstAccount = firstAccount;
            this.out = out;
        }

        @Override
        public synchronized void announceFirstStart() {
            if (firstAccount != null) {
                InitialAdmin.printNotice(firstAccount, url, out);
                firstAccount = null;
            }
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public synchronized void close() {
            heartbeat.shutdownNow();
            if (context.isActive()) {
                context.close();
                log.info("pobsync web panel stopped");
            }
        }
    }
}
