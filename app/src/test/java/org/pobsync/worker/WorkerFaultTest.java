package org.pobsync.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.SlowSshBackup;
import org.pobsync.testsupport.SshBackupHost;
import org.pobsync.testsupport.TestDatabase;

/**
 * What happens to a backup over ssh when its worker process is killed, stopped or told to cancel:
 * real worker processes, a real sshd, real rsync and ssh, checked down to their pids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerFaultTest {

    @TempDir
    static Path dir;

    LoopbackSshd sshd;
    Map<String, String> env;
    Cli cli;
    AppContext app;
    Path backupRoot;
    SlowSshBackup host;
    String firstSnapshot;
    final List<PobsyncProcess> processes = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        sshd = LoopbackSshd.start();
        env = TestDatabase.SQLITE.env(dir.resolve("var"));
        cli = new Cli(env);
        backupRoot = dir.resolve("backups");
        host = SlowSshBackup.configure(cli, sshd, dir, backupRoot, "web1");
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
        firstSnapshot = app.runs().list("web1", RunStatus.SUCCEEDED, 1, 0).get(0).snapshotName();
    }

    @AfterEach
    void stopProcesses() {
        processes.forEach(PobsyncProcess::close);
        // The processes' own logs, for whoever reads a failure report.
        processes.forEach(p -> System.out.print(p.log()));
        processes.clear();
        host.unlimited();
    }

    @AfterAll
    void tearDown() {
        if (app != null) {
            app.close();
        }
        sshd.close();
    }

    @Test
    void killedWorkersRunIsFailedAsLostItsIncompleteSnapshotIsRecordedAndRetentionRemovesIt() {
        Slow slow = startSlowBackup();
        slow.worker.kill9();

        PobsyncProcess next = start("worker-next", "worker");
        assertThat(next.waitFor(Duration.ofSeconds(90))).as(next.log()).isZero();

        BackupRun lost = app.runs().get(slow.runId);
        Path incomplete = backupRoot.resolve("web1").resolve(lost.snapshotName() + ".incomplete");
        assertThat(lost.status()).isEqualTo(RunStatus.FAILED);
        assertThat(lost.errorSummary()).isEqualTo("worker lost");
        assertThat(incomplete).isDirectory();
        assertThat(backupRoot.resolve("web1").resolve(lost.snapshotName())).doesNotExist();
        assertGone(slow.pids);
        assertThat(next.log()).contains("run " + slow.runId + " of host web1: worker", "lost");
        SnapshotRecord leftover = app.snapshots().find(lost.hostId(), lost.snapshotName()).orElseThrow();
        assertThat(leftover.status()).isEqualTo(SnapshotStatus.INCOMPLETE);
        assertThat(leftover.runId()).isEqualTo(slow.runId);

        host.unlimited();
        ok(cli.run("manage", "run-backup", "web1", "--queue"));
        PobsyncProcess again = start("worker-again", "worker");
        assertThat(again.waitFor(Duration.ofSeconds(90))).as(again.log()).isZero();
        BackupRun good = app.runs().list("web1", null, 1, 0).get(0);
        assertThat(good.status()).as(good.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(good.baseSnapshotName()).isEqualTo(firstSnapshot);
        assertThat(backupRoot.resolve("web1").resolve(good.snapshotName()).resolve("snapshot.json")).exists();

        // No discovery by hand: the record made when rsync started is what retention plans with.
        Cli.Result pruned = ok(cli.run("retention", "web1", "--apply", "--yes"));
        assertThat(pruned.out()).contains(lost.snapshotName());
        assertThat(incomplete).doesNotExist();
        assertThat(app.snapshots().find(lost.hostId(), lost.snapshotName()).orElseThrow().status())
                .isEqualTo(SnapshotStatus.DELETED);
    }

    @Test
    void cancelDuringALargeTransferEndsWithinTenSecondsWithNoRsyncOrSshLeft() {
        Slow slow = startSlowBackup();

        Instant asked = Instant.now();
        Cli.Result cancel = ok(cli.run("manage", "cancel-run", String.valueOf(slow.runId)));
        assertThat(cancel.out()).contains("cancel requested");
        Await.until(Duration.ofSeconds(10), () -> app.runs().get(slow.runId).status().finished(), "the run to end");
        Await.until(Duration.ofSeconds(10).minus(Duration.between(asked, Instant.now())), () -> gone(slow.pids),
                "rsync and ssh to exit");

        BackupRun end = app.runs().get(slow.runId);
        assertThat(end.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(backupRoot.resolve("web1").resolve(end.snapshotName() + ".incomplete")).isDirectory();
        assertThat(slow.worker.isAlive()).as("the worker goes on").isTrue();
        assertThat(app.runs().count("web1", RunStatus.QUEUED)).as("an operator's cancel is final").isZero();
    }

    @Test
    void sigtermStopsTheWorkerCleanlyRecordingTheRunAndQueueingItAgain() {
        Slow slow = startSlowBackup();

        slow.worker.term();
        int exit = slow.worker.waitFor(Duration.ofSeconds(40));

        assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        BackupRun end = app.runs().get(slow.runId);
        assertThat(end.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(end.errorSummary()).contains("worker stopped");
        assertGone(slow.pids);
        assertThat(backupRoot.resolve("web1").resolve(end.snapshotName() + ".incomplete")).isDirectory();
        assertThat(app.runs().count("web1", RunStatus.QUEUED)).as("queued again for the next worker").isEqualTo(1);
        assertThat(slow.worker.log()).contains("worker stopped");
        app.runs().list("web1", RunStatus.QUEUED, 10, 0).forEach(r -> app.runs().cancel(r.id(), "t"));
    }

    /**
     * systemd's default KillMode sends SIGTERM to every process of the unit at once: rsync and ssh
     * die of it while the worker is only starting to stop. The run is a stop all the same:
     * cancelled with "worker stopped", not failed with rsync's code 20, and queued again.
     */
    @Test
    void sigtermToTheWholeUnitAtOnceRecordsTheRunCancelledLikeACleanStopAndQueuesItAgain() {
        Slow slow = startSlowBackup();

        for (long pid : slow.pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        slow.worker.term();
        int exit = slow.worker.waitFor(Duration.ofSeconds(40));

        assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        BackupRun end = app.runs().get(slow.runId);
        assertThat(end.status()).as(end.toString()).isEqualTo(RunStatus.CANCELLED);
        assertThat(end.errorSummary()).isEqualTo("cancelled; worker stopped");
        assertGone(slow.pids);
        assertThat(backupRoot.resolve("web1").resolve(end.snapshotName() + ".incomplete")).isDirectory();
        assertThat(app.runs().count("web1", RunStatus.QUEUED)).as("queued again for the next worker").isEqualTo(1);
        app.runs().list("web1", RunStatus.QUEUED, 10, 0).forEach(r -> app.runs().cancel(r.id(), "t"));
    }

    /** A changed 6 MB file at 300 KB/s: the backup runs for about 20 s. */
    private Slow startSlowBackup() {
        long runId = host.queue(SlowSshBackup.DEFAULT_KBPS);
        PobsyncProcess worker = start("worker", "worker", "--loop", "--interval", "1");
        long rsync = Await.value(Duration.ofSeconds(60), () -> app.runs().get(runId).rsyncPid(), "rsync to start");
        List<Long> ssh = Await.value(Duration.ofSeconds(10), () -> {
            List<Long> s = SshBackupHost.sshChildren(rsync);
            return s.isEmpty() ? null : s;
        }, "ssh under rsync");
        // Generous: on a loaded 2-core machine a JVM start plus an ssh login can take a while.
        Await.until(Duration.ofSeconds(60), () -> {
            Long bytes = app.runs().get(runId).bytesTransferred();
            return bytes != null && bytes > 0;
        }, "bytes to flow");
        assertThat(app.runs().get(runId).status()).isEqualTo(RunStatus.RUNNING);
        List<Long> pids = new ArrayList<>(ssh);
        pids.add(0, rsync);
        return new Slow(runId, worker, pids);
    }

    private record Slow(long runId, PobsyncProcess worker, List<Long> pids) {
    }

    private PobsyncProcess start(String name, String... args) {
        PobsyncProcess p = PobsyncProcess.start(env, dir.resolve(name + "-" + System.nanoTime() + ".log"), args);
        processes.add(p);
        return p;
    }

    private static boolean gone(List<Long> pids) {
        return pids.stream().allMatch(Await::gone);
    }

    private static void assertGone(List<Long> pids) {
        for (long pid : pids) {
            assertThat(Await.gone(pid)).as("process %d (rsync or ssh) is gone", pid).isTrue();
        }
    }
}
