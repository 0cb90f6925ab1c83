package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
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
import org.pobsync.testsupport.PrivateMariaDb;
import org.pobsync.testsupport.SlowSshBackup;

/**
 * The MariaDB server restarts in the middle of a real backup over ssh by a real worker process:
 * for 2 s while rsync runs, and for 30 s across the end of the transfer. Neither costs the backup
 * (before, both failed every running backup with an internal error naming Spring's exception
 * class): progress waits, the outcome is recorded when the server is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbRestartBackupTest {

    @TempDir
    static Path dir;

    PrivateMariaDb mariadb;
    LoopbackSshd sshd;
    Map<String, String> env;
    Cli cli;
    AppContext app;
    SlowSshBackup host;
    PobsyncProcess worker;

    @BeforeAll
    void setUp() {
        mariadb = PrivateMariaDb.startOwn();
        sshd = LoopbackSshd.start();
        env = mariadb.env(dir.resolve("var"));
        cli = new Cli(env);
        host = SlowSshBackup.configure(cli, sshd, dir, dir.resolve("backups"), "web1");
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
        worker = PobsyncProcess.start(env, dir.resolve("worker.log"), "worker", "--loop", "--interval", "1");
    }

    @AfterAll
    void tearDown() {
        if (worker != null) {
            worker.close();
            System.out.print(worker.log());
        }
        app.close();
        sshd.close();
        mariadb.stopServer();
    }

    @Test
    void aTwoSecondRestartWhileRsyncRunsCostsNothing() throws Exception {
        long runId = host.queue(SlowSshBackup.DEFAULT_KBPS);
        long rsync = awaitBytes(runId);

        mariadb.stopServer();
        Thread.sleep(2000);
        mariadb.startServer();

        assertThat(Await.gone(rsync)).as("rsync is still running after the restart").isFalse();
        assertGoodSnapshot(awaitEnd(runId));
    }

    @Test
    void aThirtySecondOutageAcrossTheEndOfTheTransferIsWaitedFor() throws Exception {
        long runId = host.queue(SlowSshBackup.DEFAULT_KBPS);
        long rsync = awaitBytes(runId);

        mariadb.stopServer();
        long down = System.nanoTime();
        Await.until(Duration.ofSeconds(30), () -> Await.gone(rsync), "rsync to finish while the server is down");
        Thread.sleep(Math.max(0, 30_000 - (System.nanoTime() - down) / 1_000_000));
        mariadb.startServer();

        assertGoodSnapshot(awaitEnd(runId));
    }

    private long awaitBytes(long runId) {
        long rsync = Await.value(Duration.ofSeconds(60), () -> app.runs().get(runId).rsyncPid(), "rsync to start");
        Await.until(Duration.ofSeconds(60), () -> {
            Long bytes = app.runs().get(runId).bytesTransferred();
            return bytes != null && bytes > 0;
        }, "bytes to flow");
        assertThat(app.runs().get(runId).status()).isEqualTo(RunStatus.RUNNING);
        return rsync;
    }

    private BackupRun awaitEnd(long runId) {
        // The test's own pool meets the restart too: a read that fails is simply a "not yet".
        Supplier<BackupRun> read = () -> {
            try {
                return app.runs().get(runId);
            } catch (RuntimeException e) {
                return null;
            }
        };
        Await.until(Duration.ofSeconds(120), () -> read.get() != null && read.get().status().finished(),
                "the run to end");
        return read.get();
    }

    private void assertGoodSnapshot(BackupRun end) {
        assertThat(end.status()).as(end + "\n" + worker.log()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(end.errorSummary()).isNull();
        SnapshotRecord snapshot = app.snapshots().find(end.hostId(), end.snapshotName()).orElseThrow();
        assertThat(snapshot.status()).isEqualTo(SnapshotStatus.COMPLETE);
        assertThat(snapshot.runId()).isEqualTo(end.id());
        assertThat(dir.resolve("backups/web1").resolve(end.snapshotName()).resolve("snapshot.json")).exists();
    }
}
