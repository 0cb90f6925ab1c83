package org.pobsync.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.web.PobsyncWeb;

/**
 * The real panel (Tomcat, every filter and valve) on a free port of 127.0.0.1, on a fresh SQLite
 * database, for tests that must see what a browser or a reverse proxy sees over HTTP: cookies,
 * sessions, redirects, forwarded headers. {@link #agent()} gives a client with its own cookies.
 */
public final class PanelServer implements AutoCloseable {

    private final Path dir;
    private final AppContext app;
    private final PobsyncWeb.Handle web;

    private PanelServer(Path dir, AppContext app, PobsyncWeb.Handle web) {
        this.dir = dir;
        this.app = app;
        this.web = web;
    }

    /** Starts a panel; {@code extraEnv} adds or overrides POBSYNC_* settings. */
    public static PanelServer start(Map<String, String> extraEnv) {
        try {
            Path dir = Files.createTempDirectory("pobsync-panel-");
            Map<String, String> env = new HashMap<>(TestDatabase.SQLITE.env(dir.resolve("var")));
            env.put("POBSYNC_BIND", "127.0.0.1:0");
            env.putAll(extraEnv);
            AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 4);
            app.users().create(WebFixture.STAFF, null, WebFixture.PASSWORD, true, false, "test");
            app.users().create(WebFixture.VIEWER, null, WebFixture.PASSWORD, false, false, "test");
            PobsyncWeb.Handle web = PobsyncWeb.start(app, new PrintStream(new ByteArrayOutputStream()));
            return new PanelServer(dir, app, web);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AppContext app() {
        return app;
    }

    public int port() {
        return web.port();
    }

    /** A new client with an empty cookie jar. */
    public HttpAgent agent() {
        return new HttpAgent(port());
    }

    @Override
    public void close() {
        web.close();
        app.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
