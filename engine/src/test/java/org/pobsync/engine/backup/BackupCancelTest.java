package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.layout.SnapshotMetadataFile;
import org.pobsync.engine.process.ProcessTree;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestTree;

/** Cancelling ends rsync and its ssh child, and the cancelled snapshot is never a base. */
class BackupCancelTest {

    @TempDir
    Path tmp;

    BackupFixture fixture;
    Path src;

    @BeforeEach
    void setUp() {
        fixture = new BackupFixture(tmp);
        src = TestTree.tree().file("data/small", "small\n").largeFile("data/big.bin", 4L * 1024 * 1024, 7)
                .create(tmp.resolve("src"));
    }

    /** A request that needs ~20 s: 4 MiB at 200 KiB/s. */
    private BackupFixture.Request slow() {
        return fixture.ssh(LoopbackSshd.shared(), src.resolve("data").toString()).bwlimit(200);
    }

    @Test
    void cancelEndsRsyncAndSshAndLeavesTheSnapshotIncomplete() throws IOException {
        BackupResult first = fixture.ssh(LoopbackSshd.shared(), src.resolve("data").toString()).run();
        assertThat(first.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        TestTree.rewrite(src.resolve("data/big.bin"), "x".repeat(4 * 1024 * 1024), Instant.parse("2026-01-01T00:00:00Z"));

        RecordingListener listener = new RecordingListener().cancelWhen(l -> l.ticks.get() >= 2);
        long started = System.nanoTime();
        BackupResult cancelled = slow().run(listener);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(cancelled.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(cancelled.errorSummary()).isEqualTo("cancelled");
        assertThat(cancelled.snapshotState()).isEqualTo(SnapshotState.INCOMPLETE);
        assertThat(cancelled.snapshotPath().getFileName().toString()).isEqualTo(cancelled.snapshotName() + ".incomplete");
        assertThat(cancelled.snapshotPath()).isDirectory();
        assertThat(SnapshotMetadataFile.read(cancelled.snapshotPath().resolve("snapshot.json")).status()).isEqualTo("incomplete");
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        // rsync and the ssh it started were both seen, and both are gone.
        assertThat(listener.processes).hasSizeGreaterThanOrEqualTo(2);
        assertThat(listener.processes).anyMatch(p -> p.pid() == listener.pid);
        assertThat(listener.processes).noneMatch(ProcessTree::isRunning);
        assertThat(fixture.lastLog()).contains("pobsync: cancel requested: ending rsync", "snapshot left as");

        BackupResult next = fixture.ssh(LoopbackSshd.shared(), src.resolve("data").toString()).run();
        assertThat(next.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(next.baseSnapshotName()).isEqualTo(first.snapshotName());
    }

    @Test
    void progressAndTailArriveWhileRsyncRuns() {
        RecordingListener listener = new RecordingListener().cancelWhen(l -> l.progress.bytesTransferred() > 0 && l.ticks.get() >= 2);
        BackupResult result = slow().run(listener);
        assertThat(result.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(listener.progress.bytesTransferred()).isPositive();
        assertThat(listener.progress.bytesPerSecond()).isPositive();
        // rsync never printed its closing figures: what it moved comes from its progress.
        assertThat(result.stats().bytesTransferred()).isGreaterThanOrEqualTo(listener.progress.bytesTransferred());
        assertThat(listener.tail).anyMatch(l -> l.startsWith("pobsync: command: rsync"));
    }

    /**
     * An incremental that sends a few files of a large tree: rsync's own percentage is of the
     * whole tree (a few %), the run's progress is how far rsync has got through its file list.
     */
    @Test
    void progressOfAnIncrementalFollowsWhatRsyncSendsNotTheTreeSize() throws IOException {
        TestTree tree = TestTree.tree();
        for (int i = 0; i < 40; i++) {
            tree.largeFile(String.format("inc/a-%02d.bin", i), 1024 * 1024, i);
        }
        Path inc = tree.file("inc/m-changed", "old\n").largeFile("inc/z-big.bin", 4L * 1024 * 1024, 99)
                .create(tmp.resolve("inc-src"));
        BackupResult first = fixture.ssh(LoopbackSshd.shared(), inc.resolve("inc").toString()).run();
        assertThat(first.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        TestTree.rewrite(inc.resolve("inc/m-changed"), "new content\n", Instant.parse("2026-01-01T00:00:00Z"));
        TestTree.rewrite(inc.resolve("inc/z-big.bin"), "y".repeat(4 * 1024 * 1024), Instant.parse("2026-01-01T00:00:00Z"));

        RecordingListener listener = new RecordingListener().cancelWhen(l -> l.progress.bytesTransferred() > 300_000);
        BackupResult cancelled = fixture.ssh(LoopbackSshd.shared(), inc.resolve("inc").toString()).bwlimit(200)
                .run(listener);
        assertThat(cancelled.outcome()).isEqualTo(RunOutcome.CANCELLED);
        // rsync said about 1 % (0.3 of 44 MiB); 41 of the 42 files are behind it.
        assertThat(listener.progress.percent()).isBetween(90, 99);
        assertThat(listener.progress.eta()).isNotNull().isLessThan(Duration.ofMinutes(5));
        assertThat(cancelled.stats().bytesTransferred()).isGreaterThan(300_000);
    }

    @Test
    void interruptingTheWorkerThreadCancelsAndKeepsTheInterrupt() throws Exception {
        RecordingListener listener = new RecordingListener();
        AtomicReference<BackupResult> result = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        BackupFixture.Request request = slow();
        Thread worker = new Thread(() -> {
            result.set(request.run(listener));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        assertThat(listener.startedLatch.await(10, TimeUnit.SECONDS)).isTrue();
        List<ProcessHandle> tree = new ArrayList<>();
        ProcessHandle.of(listener.pid).ifPresent(p -> {
            tree.add(p);
            p.descendants().forEach(tree::add);
        });
        worker.interrupt();
        worker.join(15_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(result.get().outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(stillInterrupted).isTrue();
        assertThat(tree).isNotEmpty().noneMatch(ProcessTree::isRunning);
    }

    @Test
    void aListenerStuckInLogLineCannotBlockCancel() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RecordingListener listener = new RecordingListener() {
            @Override
            public void logLine(String line) {
                super.logLine(line);
                if (!line.startsWith("pobsync: ")) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }.cancelWhen(l -> l.ticks.get() >= 2);
        long started = System.nanoTime();
        try {
            BackupResult result = slow().run(listener);
            assertThat(result.outcome()).isEqualTo(RunOutcome.CANCELLED);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            assertThat(listener.processes).isNotEmpty().noneMatch(ProcessTree::isRunning);
        } finally {
            release.countDown();
        }
    }
}
