package org.pobsync.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.SshBackupHost;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;

/**
 * A queued backup claimed by the worker, whose host freezes mid-transfer (its sshd session is
 * SIGSTOPped): the run must not stay "running" with a fresh heartbeat for as long as anyone waits.
 * It fails within about the host's I/O timeout saying the host stopped responding, the host is
 * free again, and the next queued run backs it up.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FrozenHostWorkerTest {

    @TempDir
    Path dir;

    private LoopbackSshd sshd;
    private AppContext app;
    private WorkerService worker;
    private Cli cli;
    private Path blob;
    private List<ProcessHandle> frozen = List.of();

    @BeforeEach
    void setUp() throws Exception {
        sshd = LoopbackSshd.start();
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        cli = new Cli(env);
        Path src = TestTree.tree().file("src/etc/hosts", "127.0.0.1 localhost\n")
                .largeFile("src/big/blob.bin", 8L * 1024 * 1024, 5).create(dir).resolve("src");
        blob = src.resolve("big/blob.bin");
        SshBackupHost.configure(cli, sshd, dir.resolve("backups"), "web1", List.of(src.resolve("etc"), blob.getParent()));
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
        worker = new WorkerService(app.runs(), app.backups(), app.prunes(), app.globalConfig(), app.heartbeats(),
                app.clock(), 1);
    }

    @AfterEach
    void tearDown() {
        LoopbackSshd.signal("CONT", frozen);
        if (worker != null) {
            worker.stop(Duration.ofSeconds(20));
        }
        if (app != null) {
            app.close();
        }
        sshd.close();
    }

    @Test
    void aRunWhoseHostFreezesFailsAsStoppedRespondingAndTheNextRunWorks() throws Exception {
        BackupRun first = backUp();
        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);

        TestTree.rewrite(blob, "x".repeat(8 * 1024 * 1024), java.time.Instant.parse("2026-01-01T00:00:00Z"));
        ok(cli.run("manage", "configure-host", "web1", "--timeout", "5", "--bwlimit", "500"));
        BackupRun queued = app.runs().enqueue("web1", RunTrigger.MANUAL, false, false, "t");
        assertThat(worker.runOnce().claimed()).isEqualTo(1);
        Await.until(Duration.ofSeconds(60), () -> {
            BackupRun run = app.runs().get(queued.id());
            assertThat(run.status()).as("still running before the freeze: %s", run.logTail()).isEqualTo(RunStatus.RUNNING);
            return run.bytesTransferred() != null && run.bytesTransferred() > 0;
        }, "bytes to flow");
        long rsyncPid = app.runs().get(queued.id()).rsyncPid();
        frozen = sshd.sessions();
        LoopbackSshd.signal("STOP", frozen);
        long frozenAt = System.nanoTime();

        assertThat(worker.awaitIdle(Duration.ofSeconds(60))).as("the worker is done with the run").isTrue();
        Duration afterFreeze = Duration.ofNanos(System.nanoTime() - frozenAt);
        BackupRun failed = app.runs().get(queued.id());
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.errorSummary()).isEqualTo("the host stopped responding (no data for 5 s)");
        assertThat(afterFreeze).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(30));
        Path hostDir = dir.resolve("backups/web1");
        assertThat(hostDir.resolve(failed.snapshotName() + ".incomplete")).isDirectory();
        assertThat(hostDir.resolve(failed.snapshotName())).doesNotExist();
        assertThat(Await.gone(rsyncPid)).as("rsync is gone").isTrue();
        assertThat(app.hosts().get("web1").activeRunId()).as("the host is free").isNull();

        LoopbackSshd.signal("CONT", frozen);
        ok(cli.run("manage", "configure-host", "web1", "--bwlimit", "0"));
        BackupRun next = backUp();
        assertThat(next.status()).as(next.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.baseSnapshotName()).isEqualTo(first.snapshotName());
        assertThat(hostDir.resolve(next.snapshotName()).resolve("snapshot.json")).exists();
    }

    private BackupRun backUp() throws InterruptedException {
        BackupRun queued = app.runs().enqueue("web1", RunTrigger.MANUAL, false, false, "t");
        assertThat(worker.runOnce().claimed()).isEqualTo(1);
        assertThat(worker.awaitIdle(Duration.ofSeconds(90))).isTrue();
        return app.runs().get(queued.id());
    }
}
