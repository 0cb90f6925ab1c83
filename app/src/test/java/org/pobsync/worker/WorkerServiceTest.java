package org.pobsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.liveness.ProcessIdentity;
import org.pobsync.retention.PruneRequest;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunRepository;
import org.pobsync.runs.RunService;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;

/** The worker in this JVM against real rsync (local transport) and SQLite. */
class WorkerServiceTest {

    @TempDir
    Path dir;

    private AppContext app;
    /** The real time, plus whatever a test skips ahead (a run waits {@link RunService#BUSY_RETRY} after a busy host). */
    private final SkippingClock clock = new SkippingClock();
    private final List<WorkerService> workers = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        app = AppContext.open(PobsyncSettings.from(TestDatabase.SQLITE.env(dir.resolve("var"))), clock, 8);
        Files.createDirectories(app.globalConfig().get().backupRoot());
        TestTree.tree().dir("small", 0755).file("small/a.txt", "a\n").file("small/b.txt", "b\n")
                .dir("large", 0755).largeFile("large/blob.bin", 4L * 1024 * 1024, 3)
                .create(dir.resolve("src"));
    }

    @AfterEach
    void close() {
        workers.forEach(w -> w.stop(Duration.ofSeconds(20)));
        app.close();
    }

    private WorkerService worker(Integer concurrency) {
        WorkerService w = new WorkerService(app.runs(), app.backups(), app.prunes(), app.globalConfig(),
                app.heartbeats(), app.clock(), concurrency);
        workers.add(w);
        return w;
    }

    /** A local-transport host; {@code bwlimit} in KB/s (null: unlimited) makes a backup take a while. */
    private void host(String name, String subdir, Integer bwlimit) {
        app.hosts().save(name, h -> h.transport(Transport.LOCAL)
                .sourcePaths(List.of(dir.resolve("src").resolve(subdir).toString())).bwlimitKbps(bwlimit),
                Editor.maintainer("t"));
    }

    private BackupRun run(long id) {
        return app.runs().get(id);
    }

    @Test
    void passRunsQueuedBackupsUpToTheConcurrencyAndClaimsMoreAsTheyEnd() throws Exception {
        for (int i = 0; i < 5; i++) {
            host("h" + i, "small", null);
            app.runs().enqueue("h" + i, RunTrigger.MANUAL, false, false, "t");
        }
        WorkerService worker = worker(2);
        WorkerService.PassResult pass = worker.runOnce();
        assertThat(pass.claimed()).isEqualTo(2);
        assertThat(pass.limit()).isEqualTo(2);
        assertThat(app.runs().count(null, RunStatus.QUEUED)).isGreaterThanOrEqualTo(3);
        assertThat(worker.awaitIdle(Duration.ofSeconds(60))).isTrue();
        worker.runOnce();
        assertThat(worker.awaitIdle(Duration.ofSeconds(60))).isTrue();
        worker.runOnce();
        assertThat(worker.awaitIdle(Duration.ofSeconds(60))).isTrue();

        List<BackupRun> runs = app.runs().list(null, null, 100, 0);
        assertThat(runs).hasSize(5).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.workerId()).isEqualTo(worker.workerId());
            assertThat(r.snapshotName()).isNotNull();
        });
        assertThat(app.heartbeats().all()).anyMatch(h -> h.component().equals("worker:" + ProcessIdentity.hostname()));
        for (int i = 0; i < 5; i++) {
            assertThat(app.globalConfig().get().backupRoot().resolve("h" + i)).isDirectoryContaining(
                    p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().endsWith(".incomplete"));
        }
    }

    @Test
    void aRunClaimedWhileAPruneHoldsTheHostGoesBackToTheQueue() throws Exception {
        host("h1", "small", null);
        BackupRun queued = app.runs().enqueue("h1", RunTrigger.MANUAL, false, false, "t");
        var layout = new org.pobsync.engine.layout.SnapshotLayout(app.globalConfig().get().backupRoot());
        layout.createHostDir("h1");
        WorkerService worker = worker(1);
        // What a manual prune holds while it deletes: the host's OS lock, not a queue claim.
        try (var pruneLock = org.pobsync.engine.layout.HostLock.acquire(layout.lockFile("h1"), "h1")) {
            // The backup thread may find the host busy and requeue the run before the pass
            // ends; the pass must not claim it a second time.
            assertThat(worker.runOnce().claimed()).isEqualTo(1);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            BackupRun waiting = run(queued.id());
            assertThat(waiting.status()).isEqualTo(RunStatus.QUEUED);
            assertThat(waiting.workerId()).isNull();
            assertThat(waiting.notBefore()).as("no worker may claim it yet").isAfter(clock.instant());
            assertThat(waiting.notBefore()).isAfter(clock.instant().plus(RunService.BUSY_RETRY).minusSeconds(10));
            assertThat(app.hosts().get("h1").activeRunId()).isNull();
            // No worker takes it again at once, which would spin for as long as the prune runs.
            assertThat(worker.runOnce().claimed()).isZero();
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(worker.runOnce().claimed()).as("the lock is gone, but the wait is not over").isZero();
        clock.skip(RunService.BUSY_RETRY);
        assertThat(worker.runOnce().claimed()).isEqualTo(1);
        assertThat(worker.awaitIdle(Duration.ofSeconds(60))).isTrue();
        assertThat(run(queued.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aPruneConfirmedInThePanelIsCarriedOutByTheWorker() throws Exception {
        host("h1", "small", null);
        app.hosts().save("h1", h -> h.retentionOverride(new org.pobsync.config.RetentionSettings(1, null, null, null,
                null, null)), Editor.maintainer("t"));
        WorkerService worker = worker(1);
        for (int i = 0; i < 3; i++) {
            app.runs().enqueue("h1", RunTrigger.MANUAL, false, false, "t");
            assertThat(worker.runOnce().claimed()).isEqualTo(1);
            assertThat(worker.awaitIdle(Duration.ofSeconds(60))).isTrue();
            clock.skip(Duration.ofSeconds(2)); // distinct snapshot names
        }
        Path hostDir = app.globalConfig().get().backupRoot().resolve("h1");
        List<String> before = snapshotDirs(hostDir);
        assertThat(before).hasSize(3);

        PruneRequest request = app.prunes().enqueue("h1", 2, true, "admin");
        worker.runOnce();
        assertThat(worker.awaitIdle(Duration.ofSeconds(60))).isTrue();

        PruneRequest done = app.prunes().get(request.id());
        assertThat(done.status()).as(done.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.deletedCount()).isEqualTo(2);
        assertThat(done.workerId()).isEqualTo(worker.workerId());
        assertThat(done.summary()).contains("pruned 2 snapshots of h1");
        assertThat(snapshotDirs(hostDir)).containsExactly(before.get(2));
    }

    @Test
    void aPruneWaitsWhileTheHostIsLockedAndRunsAfterwards() throws Exception {
        host("h1", "small", null);
        app.hosts().save("h1", h -> h.retentionOverride(new org.pobsync.config.RetentionSettings(1, null, null, null,
                null, null)), Editor.maintainer("t"));
        WorkerService worker = worker(1);
        for (int i = 0; i < 2; i++) {
            app.runs().enqueue("h1", RunTrigger.MANUAL, false, false, "t");
            worker.runOnce();
            assertThat(worker.awaitIdle(Duration.ofSeconds(60))).isTrue();
            clock.skip(Duration.ofSeconds(2));
        }
        PruneRequest request = app.prunes().enqueue("h1", 1, true, "admin");
        var layout = new org.pobsync.engine.layout.SnapshotLayout(app.globalConfig().get().backupRoot());
        try (var backupLock = org.pobsync.engine.layout.HostLock.acquire(layout.lockFile("h1"), "h1")) {
            worker.runOnce();
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            PruneRequest waiting = app.prunes().get(request.id());
            assertThat(waiting.status()).isEqualTo(RunStatus.QUEUED);
            assertThat(waiting.notBefore()).isAfter(clock.instant());
            assertThat(waiting.summary()).contains("waiting");
        }
        worker.runOnce();
        assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(app.prunes().get(request.id()).status()).as("not before the wait is over").isEqualTo(RunStatus.QUEUED);
        clock.skip(RunService.BUSY_RETRY);
        worker.runOnce();
        assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(app.prunes().get(request.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(snapshotDirs(app.globalConfig().get().backupRoot().resolve("h1"))).hasSize(1);
    }

    private static List<String> snapshotDirs(Path hostDir) throws java.io.IOException {
        try (var s = Files.list(hostDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    /** The system clock, moved ahead by hand. */
    static final class SkippingClock extends Clock {
        private volatile Duration skipped = Duration.ZERO;

        synchronized void skip(Duration d) {
            skipped = skipped.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(skipped);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void concurrencyFollowsTheGlobalSettingUnlessOverridden() {
        for (int i = 0; i < 4; i++) {
            host("h" + i, "large", 300);
            app.runs().enqueue("h" + i, RunTrigger.MANUAL, false, false, "t");
        }
        // The global default is 2.
        WorkerService worker = worker(null);
        assertThat(worker.runOnce().claimed()).isEqualTo(2);
        assertThat(worker.runOnce().claimed()).isZero();
        assertThat(app.runs().count(null, RunStatus.RUNNING)).isEqualTo(2);
    }

    @Test
    void cancelRequestEndsTheBackupWithinSecondsAndLeavesTheSnapshotIncomplete() throws Exception {
        host("web1", "large", 100);
        BackupRun queued = app.runs().enqueue("web1", RunTrigger.MANUAL, false, false, "t");
        WorkerService worker = worker(1);
        worker.runOnce();
        long rsync = Await.value(Duration.ofSeconds(20), () -> run(queued.id()).rsyncPid(), "rsync to start");

        Instant asked = Instant.now();
        app.runs().cancel(queued.id(), "t");
        Await.until(Duration.ofSeconds(10), () -> run(queued.id()).status().finished(), "the run to end");

        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(10));
        BackupRun end = run(queued.id());
        assertThat(end.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(Await.gone(rsync)).isTrue();
        assertThat(app.globalConfig().get().backupRoot().resolve("web1").resolve(end.snapshotName() + ".incomplete"))
                .isDirectory();
        assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
        // An operator's cancel is not undone by queueing the backup again.
        assertThat(app.runs().count("web1", RunStatus.QUEUED)).isZero();
    }

    @Test
    void stopEndsRunningBackupsRecordsThemAndQueuesThemAgain() {
        host("web1", "large", 100);
        host("web2", "large", 100);
        BackupRun a = app.runs().enqueue("web1", RunTrigger.SCHEDULE, false, true, "t");
        BackupRun b = app.runs().enqueue("web2", RunTrigger.MANUAL, false, false, "t");
        WorkerService worker = worker(2);
        worker.runOnce();
        long rsyncA = Await.value(Duration.ofSeconds(20), () -> run(a.id()).rsyncPid(), "rsync of web1");
        long rsyncB = Await.value(Duration.ofSeconds(20), () -> run(b.id()).rsyncPid(), "rsync of web2");

        Instant t0 = Instant.now();
        worker.stop(Duration.ofSeconds(30));

        assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(15));
        for (BackupRun r : List.of(run(a.id()), run(b.id()))) {
            assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(r.errorSummary()).contains("worker stopped");
        }
        assertThat(Await.gone(rsyncA)).isTrue();
        assertThat(Await.gone(rsyncB)).isTrue();
        BackupRun again = app.runs().list("web1", RunStatus.QUEUED, 10, 0).get(0);
        assertThat(again.trigger()).isEqualTo(RunTrigger.SCHEDULE);
        assertThat(again.prune()).isTrue();
        assertThat(app.runs().count("web2", RunStatus.QUEUED)).isEqualTo(1);
        assertThat(worker.runOnce().claimed()).as("a stopped worker claims nothing").isZero();
    }

    @Test
    void runOfAWorkerProcessThatIsGoneIsFailedAndItsHostFreed() throws Exception {
        host("web1", "small", null);
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        BackupRun lost = claimAs("web1", dead.pid(), Instant.now());

        WorkerService worker = worker(1);
        WorkerService.PassResult pass = worker.runOnce();

        assertThat(pass.recovered()).isEqualTo(1);
        assertThat(run(lost.id()).status()).isEqualTo(RunStatus.FAILED);
        assertThat(run(lost.id()).errorSummary()).isEqualTo("worker lost");
        app.runs().enqueue("web1", RunTrigger.MANUAL, false, false, "t");
        assertThat(worker.runOnce().claimed()).as("the host is free again").isEqualTo(1);
    }

    @Test
    void runWithAStaleHeartbeatIsFailedEvenWhenItsProcessLives() {
        host("web1", "small", null);
        // A live process, but the heartbeat stopped long ago (a worker on another machine lost its disk, say).
        BackupRun stale = claimAs("web1", ProcessHandle.current().parent().orElseThrow().pid(),
                Instant.now().minus(Duration.ofHours(1)));
        worker(1).runOnce();
        assertThat(run(stale.id()).status()).isEqualTo(RunStatus.FAILED);
        assertThat(run(stale.id()).errorSummary()).isEqualTo("worker lost");
    }

    @Test
    void runUnderThisPidThatThisProcessDidNotClaimBelongsToAnEarlierProcess() {
        host("web1", "small", null);
        // A restarted container's worker gets the same pid as the one that died.
        BackupRun earlier = claimAs("web1", ProcessHandle.current().pid(), Instant.now());
        worker(1).runOnce();
        assertThat(run(earlier.id()).status()).isEqualTo(RunStatus.FAILED);
        assertThat(run(earlier.id()).errorSummary()).isEqualTo("worker lost");
    }

    /** A running run as another worker process would have left it in the database. */
    private BackupRun claimAs(String host, long pid, Instant heartbeat) {
        BackupRun queued = app.runs().enqueue(host, RunTrigger.MANUAL, false, false, "t");
        app.database().tx().executeWithoutResult(tx -> {
            app.database().jdbc().sql("UPDATE host SET active_run_id = ? WHERE name = ?").params(queued.id(), host)
                    .update();
            new RunRepository(app.database()).markStarted(queued.id(), RunStatus.QUEUED, "worker:" + ProcessIdentity.hostname()
                    + ":" + pid, ProcessIdentity.hostname(), pid, "another-process", heartbeat);
        });
        return run(queued.id());
    }
}
