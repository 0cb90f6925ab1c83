package org.pobsync.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.SshBackupHost;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;
import org.pobsync.testsupport.TreeComparison;

/**
 * The production shape: a host scheduled every minute, and the scheduler and the worker as two
 * processes that only share the database. A scheduled run must appear and end in a complete
 * snapshot identical to the source.
 */
class ScheduledBackupEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void scheduledHostIsBackedUpByTheSchedulerAndWorkerProcesses() throws Exception {
        Path source = dir.resolve("src");
        TestTree.tree().dir("etc", 0755).file("etc/hosts", "127.0.0.1 localhost\n", 0644)
                .file("etc/secret", "s3cret\n", 0600).symlink("etc/link", "hosts").create(source);
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        Cli cli = new Cli(env);
        Path backupRoot = dir.resolve("backups");
        try (LoopbackSshd sshd = LoopbackSshd.start()) {
            SshBackupHost.configure(cli, sshd, backupRoot, "web1", List.of(source.resolve("etc")));
            ok(cli.run("manage", "configure-schedule", "web1", "--schedule-expression", "* * * * *", "--time-zone",
                    "Europe/Berlin"));

            try (PobsyncProcess scheduler = PobsyncProcess.start(env, dir.resolve("scheduler.log"), "scheduler",
                    "--loop", "--interval", "2");
                 PobsyncProcess worker = PobsyncProcess.start(env, dir.resolve("worker.log"), "worker", "--loop",
                         "--interval", "2");
                 AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2)) {
                BackupRun done = Await.value(Duration.ofSeconds(100), () -> app.runs().list("web1", null, 10, 0)
                        .stream().filter(r -> r.trigger() == RunTrigger.SCHEDULE && r.status().finished())
                        .findFirst().orElse(null), "a scheduled run of web1 to end");

                assertThat(done.status()).as(done + "\n" + scheduler.log() + worker.log())
                        .isEqualTo(RunStatus.SUCCEEDED);
                Path snapshot = backupRoot.resolve("web1").resolve(done.snapshotName());
                assertThat(snapshot.resolve("snapshot.json")).exists();
                TreeComparison.assertSameTree(source.resolve("etc"),
                        snapshot.resolve("data").resolve(source.resolve("etc").toString().substring(1)));
                assertThat(app.heartbeats().all()).extracting(h -> h.component())
                        .contains("scheduler").anyMatch(c -> c.startsWith("worker:"));
                assertThat(app.schedules().forHost("web1").orElseThrow().lastEnqueuedAt()).isNotNull();

                scheduler.term();
                worker.term();
                assertThat(scheduler.waitFor(Duration.ofSeconds(30))).isIn(0, 143);
                assertThat(worker.waitFor(Duration.ofSeconds(60))).isIn(0, 143);
                System.out.print(scheduler.log());
                System.out.print(worker.log());
                assertThat(scheduler.log()).contains("schedule of web1: queued run " + done.id());
                assertThat(worker.log()).contains("run " + done.id() + " of web1: claimed by worker",
                        "run " + done.id() + " of web1: succeeded");
            }
        }
        assertThat(Files.exists(dir.resolve("var/pobsync.sqlite3"))).isTrue();
    }
}
