package org.pobsync.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;

/**
 * "Back up now" on an idle worker (issue 13): the run starts within 2 s, not at the worker's
 * next pass. The worker's interval here is ten minutes, so only its look at the queue between
 * passes can explain a quick start.
 */
class WorkerWakeUpTest {

    static final Duration WITHIN = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aRunQueuedWhileTheWorkerIsIdleStartsWithinTwoSeconds() throws Exception {
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        Cli cli = new Cli(env);
        TestTree.tree().file("etc/hosts", "127.0.0.1 localhost\n").create(dir.resolve("src"));
        Files.createDirectories(dir.resolve("var/backups"));
        ok(cli.run("manage", "configure-host", "box", "--transport", "local", "--path", dir.resolve("src/etc").toString()));
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
             PobsyncProcess worker = PobsyncProcess.start(env, dir.resolve("worker.log"), "worker", "--loop",
                     "--interval", "600")) {
            worker.awaitLog("worker started", Duration.ofSeconds(60));
            for (int i = 0; i < 2; i++) {
                // Idle for a while, as a worker is between passes.
                Thread.sleep(3000);
                BackupRun queued = app.runs().enqueue("box", RunTrigger.MANUAL, false, false, "panel");
                long queuedAt = System.nanoTime();
                Await.until(WITHIN.plusSeconds(10), () -> app.runs().get(queued.id()).status() != RunStatus.QUEUED,
                        "the worker to claim run " + queued.id());
                Duration took = Duration.ofNanos(System.nanoTime() - queuedAt);
                assertThat(took).as("run %d claimed after %s\n%s", queued.id(), took, worker.log()).isLessThan(WITHIN);
                Await.until(Duration.ofSeconds(60), () -> app.runs().get(queued.id()).status().finished(),
                        "the backup to end");
                assertThat(app.runs().get(queued.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
            }
        }
    }
}
