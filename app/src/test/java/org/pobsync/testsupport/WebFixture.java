package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.pobsync.AppContext;
import org.pobsync.config.PobsyncSettings;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostChanges;

/**
 * A fresh data directory and SQLite database with the services wired on it, plus the accounts
 * web tests log in as: {@link #STAFF} (active staff) and {@link #VIEWER} (active, not staff).
 */
public final class WebFixture implements AutoCloseable {

    public static final String STAFF = "staff-test";
    public static final String VIEWER = "viewer-test";
    public static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger HOSTS = new AtomicInteger();

    private final Path dir;
    private final AppContext app;

    private WebFixture(Path dir, AppContext app) {
        this.dir = dir;
        this.app = app;
    }

    public static WebFixture create() {
        try {
            Path dir = Files.createTempDirectory("pobsync-web-");
            PobsyncSettings settings = PobsyncSettings.from(TestDatabase.SQLITE.env(dir.resolve("var")));
            AppContext app = AppContext.open(settings, Clock.systemUTC(), 4);
            app.globalConfig().update(new org.pobsync.config.GlobalConfigService.Changes(
                    dir.resolve("backups").toString(), null, null, null, null, null, null, null), "test");
            app.users().create(STAFF, null, PASSWORD, true, false, "test");
            app.users().create(VIEWER, null, PASSWORD, false, false, "test");
            return new WebFixture(dir, app);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AppContext app() {
        return app;
    }

    public Path dir() {
        return dir;
    }

    /** A new host with a unique name (tests share one database), backing up /etc over ssh. */
    public Host newHost(String prefix) {
        String name = prefix + "-" + HOSTS.incrementAndGet();
        return app.hosts().configure(name, HostChanges.none().withAddress(name + ".example.net")
                .withSourcePaths(List.of("/etc", "/home")), "test").host();
    }

    @Override
    public void close() {
        app.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
