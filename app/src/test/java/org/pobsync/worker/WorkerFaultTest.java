package org.pobsync.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.SshBackupHost;
import org.pobsync.testsupport.TestDatabase;

/**
 * What happens to a backup over ssh when its worker process is killed, stopped or told to cancel:
 * real worker processes, a real sshd, real rsync and ssh, checked down to their pids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerFaultTest {

    /** Slow enough that a backup of the changed 6 MB file is still running seconds later. */
    static final String SLOW_KBPS = "300";

    @TempDir
    static Path dir;

    LoopbackSshd sshd;
    Map<String, String> env;
    Cli cli;
    AppContext app;
    Path backupRoot;
    Path blob;
    String firstSnapshot;
    int seed = 1;
    final List<PobsyncProcess> processes = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        sshd = LoopbackSshd.start();
        env = TestDatabase.SQLITE.env(dir.resolve("var"));
        cli = new Cli(env);
        backupRoot = dir.resolve("backups");
        Path etc = Files.createDirectories(dir.resolve("src/etc"));
        Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n");
        blob = Files.createDirectories(dir.resolve("src/big")).resolve("blob.bin");
        rewriteBlob();
        SshBackupHost.configure(cli, sshd, backupRoot, "web1", List.of(etc, blob.getParent()));
        ok(cli.run("backup", "web1", "--quiet"));
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
        firstSnapshot = app.runs().list("web1", RunStatus.SUCCEEDED, 1, 0).get(0).snapshotName();
    }

    @AfterEach
    void stopProcesses() {
        processes.forEach(PobsyncProcess::close);
        // The processes' own logs, for whoever reads a failure report.
        processes.forEach(p -> System.out.print(p.log()));
        processes.clear();
        ok(cli.run("manage", "configure-host", "web1", "--bwlimit", "0"));
    }

    @AfterAll
    void tearDown() {
        if (app != null) {
            app.close();
        }
        sshd.close();
    }

    @Test
    void killedWorkersRunIsFailedAsLostByTheNextWorkerAndTheNextBackupLinksToTheLastCompleteSnapshot() {
        Slow slow = startSlowBackup();
        slow.worker.kill9();

        PobsyncProcess next = start("worker-next", "worker");
        assertThat(next.waitFor(Duration.ofSeconds(90))).as(next.log()).isZero();

        BackupRun lost = app.runs().get(slow.runId);
        assertThat(lost.status()).isEqualTo(RunStatus.FAILED);
        assertThat(lost.errorSummary()).isEqualTo("worker lost");
        assertThat(backupRoot.resolve("web1").resolve(lost.snapshotName() + ".incomplete")).isDirectory();
        assertThat(backupRoot.resolve("web1").resolve(lost.snapshotName())).doesNotExist();
        assertGone(slow.pids);
        assertThat(next.log()).contains("run " + slow.runId + " of host web1: worker", "lost");

        ok(cli.run("manage", "configure-host", "web1", "--bwlimit", "0"));
        ok(cli.run("manage", "run-backup", "web1", "--queue"));
        PobsyncProcess again = start("worker-again", "worker");
        assertThat(again.waitFor(Duration.ofSeconds(90))).as(again.log()).isZero();
        BackupRun good = app.runs().list("web1", null, 1, 0).get(0);
        assertThat(good.status()).as(good.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(good.baseSnapshotName()).isEqualTo(firstSnapshot);
        assertThat(backupRoot.resolve("web1").resolve(good.snapshotName()).resolve("snapshot.json")).exists();
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
     * die of it while the worker is only starting to stop. The run must still read "worker
     * stopped" and be queued again.
     */
    @Test
    void sigtermToTheWholeUnitAtOnceStillRecordsWorkerStoppedAndQueuesAgain() {
        Slow slow = startSlowBackup();

        for (long pid : slow.pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        slow.worker.term();
        int exit = slow.worker.waitFor(Duration.ofSeconds(40));

        assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        BackupRun end = app.runs().get(slow.runId);
        assertThat(end.status()).as(end.toString()).isIn(RunStatus.CANCELLED, RunStatus.FAILED);
        assertThat(end.errorSummary()).contains("worker stopped");
        assertGone(slow.pids);
        assertThat(backupRoot.resolve("web1").resolve(end.snapshotName() + ".incomplete")).isDirectory();
        assertThat(app.runs().count("web1", RunStatus.QUEUED)).as("queued again for the next worker").isEqualTo(1);
        app.runs().list("web1", RunStatus.QUEUED, 10, 0).forEach(r -> app.runs().cancel(r.id(), "t"));
    }

    /** A changed 6 MB file at 300 KB/s: the backup runs for about 20 s. */
    private Slow startSlowBackup() {
        rewriteBlob();
        ok(cli.run("manage", "configure-host", "web1", "--bwlimit", SLOW_KBPS));
        Cli.Result queued = ok(cli.run("manage", "run-backup", "web1", "--queue"));
        Matcher m = Pattern.compile("queued run (\\d+)").matcher(queued.out());
        assertThat(m.find()).as(queued.out()).isTrue();
        long runId = Long.parseLong(m.group(1));
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

    private void rewriteBlob() {
        Random random = new Random(seed++);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(blob)) {
            for (int i = 0; i < 96; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
            out.close();
            // Same size every time: without a distinct mtime, a rewrite within the same second
            // as the previous backup passes rsync's quick check and nothing is transferred.
            Files.setLastModifiedTime(blob, java.nio.file.attribute.FileTime.from(
                    java.time.Instant.parse("2020-01-01T00:00:00Z").plusSeconds(seed)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
