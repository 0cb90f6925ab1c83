package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.SlowSshBackup;
import org.pobsync.testsupport.TestDatabase;
import org.sqlite.SQLiteConfig;

/**
 * A SQLite write lock held by another connection for longer than the 15 s busy timeout, in the
 * middle of a real backup over ssh by a real worker process and past its end: the progress
 * writes fail and are given up, the backup goes on, and its outcome is recorded once the lock is
 * gone. (Before, the first failed progress write ended rsync and the run read "internal error:
 * ... SQLITE_BUSY", after all the data had arrived.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqliteLockedBackupTest {

    /** Longer than Database.SQLITE_BUSY_TIMEOUT_MS, and longer than the rest of the transfer. */
    static final Duration LOCK_HELD = Duration.ofSeconds(40);

    @TempDir
    static Path dir;

    LoopbackSshd sshd;
    Map<String, String> env;
    Cli cli;
    AppContext app;
    SlowSshBackup host;

    @BeforeAll
    void setUp() {
        sshd = LoopbackSshd.start();
        env = TestDatabase.SQLITE.env(dir.resolve("var"));
        cli = new Cli(env);
        host = SlowSshBackup.configure(cli, sshd, dir, dir.resolve("backups"), "web1");
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
    }

    @AfterAll
    void tearDown() {
        app.close();
        sshd.close();
    }

    @Test
    void aBackupOutlastsAWriteLockHeldPastTheBusyTimeoutAndIsRecordedWhenTheLockIsGone() throws Exception {
        long runId = host.queue(SlowSshBackup.DEFAULT_KBPS);
        try (PobsyncProcess worker = PobsyncProcess.start(env, dir.resolve("worker.log"), "worker", "--loop",
                "--interval", "1")) {
            long rsync = Await.value(Duration.ofSeconds(60), () -> app.runs().get(runId).rsyncPid(), "rsync to start");
            Await.until(Duration.ofSeconds(60), () -> {
                Long bytes = app.runs().get(runId).bytesTransferred();
                return bytes != null && bytes > 0;
            }, "bytes to flow");

            try (Connection admin = exclusiveLock()) {
                long lockedAt = System.nanoTime();
                assertThat(app.runs().get(runId).status()).isEqualTo(RunStatus.RUNNING);
                Await.until(LOCK_HELD, () -> Await.gone(rsync), "rsync to finish while the database is locked");
                assertThat(app.runs().get(runId).status()).as("nothing could record the end yet")
                        .isEqualTo(RunStatus.RUNNING);
                Thread.sleep(Math.max(0, LOCK_HELD.toMillis() - (System.nanoTime() - lockedAt) / 1_000_000));
                admin.createStatement().execute("ROLLBACK");
            }

            Await.until(Duration.ofSeconds(90), () -> app.runs().get(runId).status().finished(), "the run to end");
            BackupRun end = app.runs().get(runId);
            assertThat(end.status()).as(end + "\n" + worker.log()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(end.errorSummary()).isNull();
            SnapshotRecord snapshot = app.snapshots().find(end.hostId(), end.snapshotName()).orElseThrow();
            assertThat(snapshot.status()).isEqualTo(SnapshotStatus.COMPLETE);
            assertThat(snapshot.runId()).isEqualTo(runId);
            assertThat(dir.resolve("backups/web1").resolve(end.snapshotName()).resolve("snapshot.json")).exists();
            assertThat(worker.log()).as("the lock really was in the way")
                    .containsPattern("run " + runId + " of web1: recording .* failed: the database is locked by another"
                            + " process .*; trying again")
                    .contains("progress not recorded (the database is locked")
                    .doesNotContain("SQLITE_BUSY", "Exception");
        } finally {
            host.unlimited();
        }
    }

    /**
     * The lock taken before rsync even starts and held past its end: nothing the run's writer
     * tries gets through, yet the run row still names its snapshot and the snapshot is recorded
     * (rsync's start is written with the outcome, as patiently).
     */
    @Test
    void aBackupThatRunsWhollyInsideTheLockStillNamesItsSnapshot() throws Exception {
        Path src = Files.createDirectories(dir.resolve("local-src"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        Cli.Result configured = cli.run("manage", "configure-host", "box", "--transport", "local", "--path",
                src.toString());
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        // A first backup marks the backup root, a write the locked one must not need.
        assertThat(app.backups().execute(app.runs().startForeground("box", RunTrigger.CLI, false, false, "t"),
                BackupObserver.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        app.runs().enqueue("box", RunTrigger.MANUAL, false, false, "t");
        BackupRun run = app.runs().claimNext("worker:test").orElseThrow();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<BackupRun> end;
            try (Connection admin = exclusiveLock()) {
                end = thread.submit(() -> app.backups().execute(run, BackupObserver.NONE));
                Thread.sleep(Duration.ofSeconds(20).toMillis());
                assertThat(end).as("nothing could record the end yet").isNotDone();
                admin.createStatement().execute("ROLLBACK");
            }
            BackupRun done = end.get(90, TimeUnit.SECONDS);
            assertThat(done.status()).as(done.toString()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.snapshotName()).as("the run row names its snapshot").isNotNull();
            assertThat(done.commandLine()).contains("rsync");
            SnapshotRecord snapshot = app.snapshots().find(done.hostId(), done.snapshotName()).orElseThrow();
            assertThat(snapshot.status()).isEqualTo(SnapshotStatus.COMPLETE);
            assertThat(snapshot.runId()).isEqualTo(run.id());
            assertThat(done.snapshotId()).isEqualTo(snapshot.id());
        } finally {
            thread.shutdownNow();
        }
    }

    /** BEGIN EXCLUSIVE on a connection of its own, as an administrator's sqlite3 shell would hold it. */
    private Connection exclusiveLock() throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(30_000);
        Connection c = config.createConnection("jdbc:sqlite:" + PobsyncSettings.from(env).sqliteFile().orElseThrow());
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
        }
        return c;
    }
}
