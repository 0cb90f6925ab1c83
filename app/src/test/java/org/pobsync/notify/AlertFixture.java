package org.pobsync.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pobsync.app.AppContext;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.status.AlertSettings;
import org.pobsync.status.AlertSettingsRepository;
import org.pobsync.testsupport.TestClock;
import org.pobsync.testsupport.TestDatabase;

/**
 * A database, services and a notifier on a clock the test moves by hand, and the helpers the
 * notifier tests share: hosts, runs and snapshots at the clock's time.
 */
final class AlertFixture implements AutoCloseable {

    final TestClock clock;
    final Path dir;
    final AppContext app;
    final Notifier notifier;

    AlertFixture(Path dir, TestDatabase db, String start) {
        this(dir, db, start, null, null);
    }

    AlertFixture(Path dir, TestDatabase db, String start, javax.net.ssl.SSLSocketFactory smtpTls,
                 javax.net.ssl.SSLContext httpTls) {
        this.dir = dir;
        this.clock = TestClock.at(start);
        this.app = AppContext.open(PobsyncSettings.from(db.env(dir)), clock, 4);
        try {
            Files.createDirectories(app.globalConfig().get().backupRoot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.notifier = new Notifier(app.database(), app.channels(), new AlertSettingsRepository(app.database()),
                app.status(), app.heartbeats(), app.schedules(), app.prunes(), clock, smtpTls, httpTls);
    }

    /** Reminders, digest hour, disk threshold (0: off, so the test machine's disk does not matter). */
    void settings(Integer reminderHours, Integer digestHour, int diskFreePercent) {
        app.alertSettings().update(new AlertSettings(26, reminderHours, digestHour, diskFreePercent,
                "https://backup.example.org/", null), "test");
    }

    Host host(String name) {
        return app.hosts().save(name, h -> h.address(name + ".example.net").sourcePaths(List.of("/etc")),
                Editor.maintainer("test")).host();
    }

    BackupRun run(String host, RunStatus status, Integer exitCode, String error) {
        return run(host, false, status, exitCode, error);
    }

    BackupRun run(String host, boolean dryRun, RunStatus status, Integer exitCode, String error) {
        BackupRun r = app.runs().startForeground(host, RunTrigger.CLI, dryRun, false, "test");
        if (status != RunStatus.RUNNING) {
            app.runs().finish(r, status, exitCode, error, new TransferStats(1, 1, 1, 1), null, null);
        }
        return app.runs().get(r.id());
    }

    void finish(BackupRun r, RunStatus status, Integer exitCode, String error) {
        app.runs().finish(r, status, exitCode, error, new TransferStats(1, 1, 1, 1), null, null);
    }

    /** A snapshot record of the host that finished now. */
    void snapshot(Host host, SnapshotStatus status) {
        Instant now = clock.instant();
        app.snapshots().insert(new SnapshotRecord(0, host.id(), host.name(), SnapshotName.of(now.minusSeconds(60)).value(),
                "/backups/" + host.name(), status, now.minusSeconds(60), now, null, null, 1L, 1L, 1L, null, now, null));
    }

    Notifier.PassResult pass() {
        return notifier.pass();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    @Override
    public void close() {
        app.close();
    }
}
