package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.Progress;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.process.ProcessTree;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestTree;

/**
 * A host that stops answering in the middle of a transfer, as a frozen VM, a host swapping itself
 * to death or a hung NFS mount under rsync would: here its sshd session or its rsync is SIGSTOPped.
 * rsync's own --timeout ends neither (rsync 3.5.0). The run must end as failed within about the
 * host's I/O timeout, with rsync and ssh gone, the snapshot left incomplete, and the next backup
 * must work.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FrozenHostTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private LoopbackSshd sshd;
    private BackupFixture fixture;
    private Path data;

    @BeforeEach
    void setUp() {
        sshd = LoopbackSshd.start();
        fixture = new BackupFixture(tmp);
        data = TestTree.tree().file("data/small", "small\n").largeFile("data/big.bin", 8L * 1024 * 1024, 11)
                .create(tmp.resolve("src")).resolve("data");
    }

    @AfterEach
    void stop() {
        sshd.close();
    }

    @Test
    void aFrozenSshdSessionEndsTheRunAsFailedAndTheNextBackupWorks() {
        BackupResult first = succeed(fixture.ssh(sshd, data.toString()).run());

        Freezer freezer = new Freezer(false);
        BackupResult frozen = slowRunFrozenBy(freezer);

        assertEndedAsStopped(frozen, freezer);
        assertNextBackupLinksTo(first);
    }

    /** ssh's keep-alives are answered by the live sshd: only the engine's watchdog sees the stall. */
    @Test
    void aFrozenRemoteRsyncIsEndedByTheProgressWatchdog() {
        BackupResult first = succeed(fixture.ssh(sshd, data.toString()).run());

        Freezer freezer = new Freezer(true);
        BackupResult frozen = slowRunFrozenBy(freezer);

        assertEndedAsStopped(frozen, freezer);
        assertThat(fixture.lastLog()).contains("nothing arrived and nothing was read for 5 s (the host's I/O timeout)");
        assertNextBackupLinksTo(first);
    }

    /** 8 MiB at 512 KiB/s: three times the timeout, with data arriving all along. */
    @Test
    void aSlowTransferThatKeepsMovingIsNotEnded() {
        BackupFixture.Request slow = fixture.ssh(sshd, data.toString()).bwlimit(512);
        slow.timeout = TIMEOUT;
        BackupResult result = succeed(slow.run());
        assertThat(result.stats().bytesTransferred()).isGreaterThan(8L * 1024 * 1024);
        assertThat(fixture.lastLog()).doesNotContain("nothing arrived");
    }

    /** 8 MiB that all differ from the base, at 500 KiB/s: some 16 s unless something ends it. */
    private BackupResult slowRunFrozenBy(Freezer freezer) {
        TestTree.rewrite(data.resolve("big.bin"), "x".repeat(8 * 1024 * 1024), Instant.parse("2026-01-01T00:00:00Z"));
        BackupFixture.Request slow = fixture.ssh(sshd, data.toString()).bwlimit(500);
        slow.timeout = TIMEOUT;
        try {
            return slow.run(freezer);
        } finally {
            LoopbackSshd.signal("CONT", freezer.frozen);
        }
    }

    private void assertEndedAsStopped(BackupResult result, Freezer freezer) {
        assertThat(freezer.frozenAt).as("the transfer was frozen mid-way").isNotZero();
        Duration afterFreeze = Duration.ofNanos(System.nanoTime() - freezer.frozenAt);
        assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(result.errorSummary()).isEqualTo("the host stopped responding (no data for 5 s)");
        assertThat(result.snapshotState()).isEqualTo(SnapshotState.INCOMPLETE);
        assertThat(result.snapshotPath().getFileName().toString()).isEqualTo(result.snapshotName() + ".incomplete");
        assertThat(result.snapshotPath()).isDirectory();
        assertThat(afterFreeze).as("not before the timeout, and not much after it")
                .isBetween(TIMEOUT.minusSeconds(1), TIMEOUT.plusSeconds(20));
        assertThat(freezer.processes).as("rsync and ssh are gone").isNotEmpty()
                .noneMatch(ProcessTree::isRunning);
    }

    private void assertNextBackupLinksTo(BackupResult lastComplete) {
        BackupResult next = succeed(fixture.ssh(sshd, data.toString()).run());
        assertThat(next.baseSnapshotName()).isEqualTo(lastComplete.snapshotName());
    }

    private static BackupResult succeed(BackupResult result) {
        assertThat(result.outcome()).as(result.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        return result;
    }

    /** Stops the host's side of the transfer once bytes flow: its sshd session, or only its rsync. */
    private final class Freezer extends RecordingListener {
        private final boolean onlyRsync;
        volatile List<ProcessHandle> frozen = List.of();
        volatile long frozenAt;

        Freezer(boolean onlyRsync) {
            this.onlyRsync = onlyRsync;
        }

        @Override
        public void tick(Progress progress, List<String> logTail) {
            super.tick(progress, logTail);
            if (frozenAt == 0 && progress.bytesTransferred() > 0) {
                List<ProcessHandle> sessions = sshd.sessions();
                frozen = onlyRsync
                        ? sessions.stream().flatMap(ProcessHandle::descendants)
                                .filter(p -> p.info().command().orElse("").endsWith("/rsync")).toList()
                        : sessions;
                assertThat(frozen).as("the host's side of the transfer").isNotEmpty();
                LoopbackSshd.signal("STOP", frozen);
                frozenAt = System.nanoTime();
            }
        }
    }
}
