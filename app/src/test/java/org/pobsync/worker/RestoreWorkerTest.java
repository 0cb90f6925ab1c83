package org.pobsync.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.nio.file.Files;
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
import org.pobsync.runs.RestoreOrder;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.HostLockHolder;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.SameTree;
import org.pobsync.testsupport.SshBackupHost;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;

/**
 * Restore runs in the worker, like backups: a restore queued while a backup of its host runs
 * waits for it; one whose host is locked outside the queue goes back to the queue; a running one
 * is cancelled, its rsync ended.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RestoreWorkerTest {

    @TempDir
    Path dir;

    private LoopbackSshd sshd;
    private AppContext app;
    private WorkerService worker;
    private Path src;
    private List<ProcessHandle> frozen = List.of();

    @BeforeEach
    void setUp() throws Exception {
        sshd = LoopbackSshd.start();
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        Cli cli = new Cli(env);
        src = TestTree.tree().file("src/etc/hosts", "127.0.0.1 localhost\n")
                .largeFile("src/etc/blob.bin", 2L * 1024 * 1024, 5).create(dir).resolve("src");
        SshBackupHost.configure(cli, sshd, dir.resolve("backups"), "web1", List.of(src.resolve("etc")));
        ok(cli.run("backup", "web1"));
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
        worker = new WorkerService(app.runs(), app.backups(), app.restores(), app.prunes(), app.globalConfig(),
                app.heartbeats(), app.clock(), 1);
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

    private BackupRun queueRestore(Path target) {
        return app.restores().queue(new RestoreOrder("web1", "latest", List.of(src.resolve("etc").toString()), null,
                target.toString(), false, false, null), RunTrigger.MANUAL, "t");
    }

    @Test
    void aRestoreQueuedWhileABackupOfTheHostRunsWaitsForIt() throws Exception {
        BackupRun backup = app.runs().startForeground("web1", RunTrigger.CLI, false, false, "t");
        Path target = dir.resolve("restored");
        BackupRun restore = queueRestore(target);

        assertThat(worker.runOnce().claimed()).isZero();
        assertThat(app.runs().get(restore.id()).status()).isEqualTo(RunStatus.QUEUED);

        app.runs().finish(backup, RunStatus.SUCCEEDED, 0, null, null, null, null);
        assertThat(worker.runOnce().claimed()).isEqualTo(1);
        assertThat(worker.awaitIdle(Duration.ofSeconds(90))).isTrue();
        BackupRun done = app.runs().get(restore.id());
        assertThat(done.status()).as(done.logTail()).isEqualTo(RunStatus.SUCCEEDED);
        SameTree.assertSame(src.resolve("etc"), target.resolve(src.resolve("etc").toString().substring(1)));
        assertThat(app.hosts().get("web1").activeRunId()).isNull();
    }

    @Test
    void aRestoreWhoseHostIsLockedByAPruneGoesBackToTheQueue() throws Exception {
        Path target = dir.resolve("restored");
        try (HostLockHolder prune = HostLockHolder.start(dir.resolve("backups/web1/.lock"), "web1")) {
            BackupRun restore = queueRestore(target);
            assertThat(worker.runOnce().claimed()).isEqualTo(1);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            BackupRun waiting = app.runs().get(restore.id());
            assertThat(waiting.status()).isEqualTo(RunStatus.QUEUED);
            assertThat(waiting.notBefore()).isNotNull();
        }
        assertThat(target).doesNotExist();
    }

    @Test
    void cancellingARunningRestoreEndsItsRsync() throws Exception {
        // A frozen sshd: the connection is accepted by the kernel but never answered.
        long daemon = Long.parseLong(Files.readString(sshd.directory().resolve("sshd.pid")).strip());
        frozen = List.of(ProcessHandle.of(daemon).orElseThrow());
        LoopbackSshd.signal("STOP", frozen);
        BackupRun restore = queueRestore(dir.resolve("restored"));
        assertThat(worker.runOnce().claimed()).isEqualTo(1);
        Await.until(Duration.ofSeconds(30), () -> app.runs().get(restore.id()).rsyncPid() != null, "rsync to start");
        long rsyncPid = app.runs().get(restore.id()).rsyncPid();

        app.runs().cancel(restore.id(), "t");
        assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
        BackupRun cancelled = app.runs().get(restore.id());
        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(Await.gone(rsyncPid)).as("rsync is gone").isTrue();
        assertThat(app.hosts().get("web1").activeRunId()).isNull();
    }
}
