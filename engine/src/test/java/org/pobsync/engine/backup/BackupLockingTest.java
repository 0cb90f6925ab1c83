package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.HostBusyException;
import org.pobsync.engine.RunOutcome;
import org.pobsync.testsupport.HostLockHolder;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestTree;

/** One backup per host at a time, across threads and across processes; the loser fails fast. */
class BackupLockingTest {

    @TempDir
    Path tmp;

    BackupFixture fixture;
    Path src;

    @BeforeEach
    void setUp() {
        fixture = new BackupFixture(tmp);
        src = TestTree.tree().largeFile("data/big.bin", 2L * 1024 * 1024, 3).create(tmp.resolve("src"));
    }

    @Test
    void aSecondRunOfTheSameHostFailsFastWhileTheFirstRuns() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        RecordingListener first = new RecordingListener().cancelWhen(l -> stop.get());
        BackupFixture.Request slow = fixture.ssh(LoopbackSshd.shared(), src.resolve("data").toString()).bwlimit(100);
        CompletableFuture<BackupResult> running = CompletableFuture.supplyAsync(() -> slow.run(first));
        assertThat(first.startedLatch.await(10, TimeUnit.SECONDS)).isTrue();

        long before = System.nanoTime();
        assertThatThrownBy(() -> fixture.local(src.resolve("data").toString()).run())
                .isInstanceOf(HostBusyException.class)
                .hasMessage("host busy: another backup or prune of web1 is running");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(1000);

        stop.set(true);
        assertThat(running.get(15, TimeUnit.SECONDS).outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(fixture.local(src.resolve("data").toString()).run().outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void aLockHeldByAnotherProcessMakesTheRunFailFastWithoutTouchingSnapshots() throws Exception {
        Path hostDir = Files.createDirectories(fixture.root.resolve("web1"));
        try (HostLockHolder other = HostLockHolder.start(hostDir.resolve(".lock"), "web1")) {
            assertThatThrownBy(() -> fixture.local(src.resolve("data").toString()).run())
                    .isInstanceOf(HostBusyException.class).hasMessageStartingWith("host busy");
            assertThat(fixture.hostDirListing()).containsExactly(".lock");
        }
        BackupResult after = fixture.local(src.resolve("data").toString()).run();
        assertThat(after.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }
}
