package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.pobsync.app.AppContext;
import org.pobsync.engine.Progress;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunRepository;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;

/**
 * A fresh data directory and SQLite database with the services wired on it, plus the accounts
 * web tests log in as: {@link #STAFF} (active staff), {@link #SUPERUSER} (active staff and superuser)
 * and {@link #VIEWER} (active, not staff).
 */
public final class WebFixture implements AutoCloseable {

    public static final String STAFF = "staff-test";
    public static final String VIEWER = "viewer-test";
    public static final String SUPERUSER = "superuser-test";
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
            app.users().create(SUPERUSER, null, PASSWORD, true, true, "test");
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
        return app.hosts().save(name, h -> h.address(name + ".example.net").sourcePaths(List.of("/etc", "/home")),
                Editor.maintainer("test")).host();
    }

    /**
     * A new host a backup can be started for: pobsync's key exists, the backup root is there,
     * and a host key is pinned (pobsync's own public key stands in for the host's: nothing here
     * connects to it).
     */
    public synchronized Host readyHost(String prefix) {
        Host host = newHost(prefix);
        try {
            Files.createDirectories(app.globalConfig().get().backupRoot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (app.credentials().serverKey().isEmpty()) {
            app.credentials().generateServerKey(false, "test");
        }
        String publicKey = app.credentials().serverKey().orElseThrow().publicKeyLine();
        app.credentials().pin(host, List.of(org.pobsync.engine.ssh.HostKey.parse(publicKey)), "test");
        return host;
    }

    /** A run of the host that went straight to {@code status} (no worker involved). */
    public BackupRun run(Host host, RunStatus status, String error) {
        RunRepository runs = new RunRepository(app.database());
        Instant now = Instant.now();
        long id = runs.insert(host.id(), RunTrigger.MANUAL, false, false, RunStatus.QUEUED, now.minusSeconds(60));
        if (status != RunStatus.QUEUED) {
            runs.markStarted(id, RunStatus.QUEUED, "worker:test", "test", ProcessHandle.current().pid(), null,
                    now.minusSeconds(50));
        }
        if (status == RunStatus.RUNNING) {
            runs.recordProgress(id, null, new Progress(42, 3 * 1024 * 1024, Duration.ofSeconds(90), 5L << 20, 100),
                    "sending incremental file list\n>f+++++++++ etc/hosts", now);
        } else if (status.finished()) {
            runs.finish(id, null, status, status == RunStatus.FAILED ? 255 : 0, error,
                    new TransferStats(120, 12, 4096, 1 << 20), null, "rsync output", now);
            logFile(id, "sending incremental file list\n>f+++++++++ etc/hosts\nrsync output\n");
        }
        return app.runs().get(id);
    }

    /** Gives run {@code id} a log file with {@code text}, where a worker would have written it. */
    public Path logFile(long id, String text) {
        try {
            Path log = Files.createDirectories(dir.resolve("var/logs/runs")).resolve("run-" + id + ".log");
            Files.writeString(log, text);
            app.database().jdbc().sql("UPDATE backup_run SET log_path = ? WHERE id = ?")
                    .params(log.toString(), id).update();
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A snapshot record of the host (nothing on disk). */
    public SnapshotRecord snapshot(Host host, String name, SnapshotStatus status, Long baseId) {
        Instant started = SnapshotName.parse(name).orElseThrow().time();
        long id = app.snapshots().insert(new SnapshotRecord(0, host.id(), host.name(), name,
                "/backups/" + host.name() + "/" + name, status, started, started.plusSeconds(95), null, baseId,
                1204L, 3L << 30, 12L << 20, null, Instant.now(), null));
        return app.snapshots().findById(id).orElseThrow();
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
