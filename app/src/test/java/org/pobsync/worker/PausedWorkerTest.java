package org.pobsync.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
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
import org.pobsync.testsupport.TestDatabase;

/**
 * A worker process stopped with SIGSTOP past the stale-run timeout while its rsync finishes, a
 * second worker declaring the run lost meanwhile, then SIGCONT: whatever the resumed worker does
 * next, the records must say what the disk has. Before, it renamed the snapshot to complete and
 * recorded it so, while its run stayed "failed / worker lost" with nothing said about it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PausedWorkerTest {

    static final int STALE_SECONDS = 30;

    @TempDir
    static Path dir;

    LoopbackSshd sshd;
    Map<String, String> env;
    Cli cli;
    AppContext app;
    SlowSshBackup host;
    Path hostDir;

    @BeforeAll
    void setUp() {
        sshd = LoopbackSshd.start();
        env = TestDatabase.SQLITE.env(dir.resolve("var"));
        cli = new Cli(env);
        host = SlowSshBackup.configure(cli, sshd, dir, dir.resolve("backups"), "web1");
        hostDir = dir.resolve("backups/web1");
        ok(cli.run("manage", "configure-global", "--stale-run-timeout", String.valueOf(STALE_SECONDS)));
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
    }

    @AfterAll
    void tearDown() {
        app.close();
        sshd.close();
    }

    @Test
    void aWorkerResumedAfterItsRunWasDeclaredLostLeavesRecordsThatAgreeWithTheDisk() {
        long runId = host.queue(SlowSshBackup.DEFAULT_KBPS);
        try (PobsyncProcess paused = PobsyncProcess.start(env, dir.resolve("paused.log"), "worker", "--loop",
                "--interval", "1")) {
            long rsync = Await.value(Duration.ofSeconds(60), () -> app.runs().get(runId).rsyncPid(), "rsync to start");
            Await.until(Duration.ofSeconds(60), () -> {
                Long bytes = app.runs().get(runId).bytesTransferred();
                return bytes != null && bytes > 0;
            }, "bytes to flow");

            paused.pause();
            Await.until(Duration.ofSeconds(60), () -> Await.gone(rsync), "rsync to finish under the paused worker");
            Instant heartbeat = app.runs().get(runId).heartbeatAt();
            Await.until(Duration.ofSeconds(STALE_SECONDS + 20),
                    () -> Instant.now().isAfter(heartbeat.plusSeconds(STALE_SECONDS + 1)), "the heartbeat to go stale");
            try (PobsyncProcess other = PobsyncProcess.start(env, dir.resolve("other.log"), "worker")) {
                assertThat(other.waitFor(Duration.ofSeconds(90))).as(other.log()).isZero();
            }
            BackupRun lost = app.runs().get(runId);
            assertThat(lost.status()).isEqualTo(RunStatus.FAILED);
            assertThat(lost.errorSummary()).isEqualTo("worker lost");
            String name = lost.snapshotName();
            assertThat(hostDir.resolve(name + ".incomplete")).as("the paused worker has not renamed it").isDirectory();

            paused.resume();
            Await.until(Duration.ofSeconds(60), () -> app.runs().get(runId).errorSummary().contains("not gone after all"),
                    "the resumed worker to note how its backup ended");

            BackupRun end = app.runs().get(runId);
            SnapshotRecord record = app.snapshots().find(end.hostId(), name).orElseThrow();
            assertThat(end.status()).as("the run stays as the other worker recorded it").isEqualTo(RunStatus.FAILED);
            assertThat(record.runId()).isEqualTo(runId);
            assertThat(end.snapshotId()).isEqualTo(record.id());
            if (Files.isDirectory(hostDir.resolve(name))) {
                // It renamed the finished snapshot before it learned that the run was declared lost.
                assertThat(record.status()).isEqualTo(SnapshotStatus.COMPLETE);
                assertThat(record.path()).isEqualTo(hostDir.resolve(name).toString());
                assertThat(hostDir.resolve(name + ".incomplete")).doesNotExist();
                assertThat(end.errorSummary()).isEqualTo("worker lost; the worker was not gone after all: it finished"
                        + " snapshot " + name + " (complete) afterwards");
                assertThat(paused.log()).doesNotContain("left " + name + ".incomplete");
            } else {
                // It learned it first and ended its rsync like a cancel: the directory stays incomplete.
                assertThat(hostDir.resolve(name + ".incomplete")).isDirectory();
                assertThat(record.status()).isEqualTo(SnapshotStatus.INCOMPLETE);
                assertThat(end.errorSummary()).isEqualTo("worker lost; the worker was not gone after all: it ended the"
                        + " backup afterwards as cancelled, snapshot " + name + " left incomplete");
            }

            host.unlimited();
            long next = host.queue(0);
            Await.until(Duration.ofSeconds(90), () -> app.runs().get(next).status().finished(), "the next backup");
            assertThat(app.runs().get(next).status()).as(paused.log()).isEqualTo(RunStatus.SUCCEEDED);
        } finally {
            host.unlimited();
            // The processes' own logs, for whoever reads a failure report.
            System.out.print(read(dir.resolve("paused.log")) + read(dir.resolve("other.log")));
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
