package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestTree;

/** A dry run reports what would be transferred and leaves no snapshot directory behind. */
class DryRunTest {

    @TempDir
    Path tmp;

    BackupFixture fixture;
    Path src;

    @BeforeEach
    void setUp() {
        fixture = new BackupFixture(tmp);
        src = TestTree.tree().file("etc/a", "a\n").file("etc/b", "b\n").file("etc/c", "c\n").create(tmp.resolve("src"));
    }

    private BackupFixture.Request request() {
        return fixture.ssh(LoopbackSshd.shared(), src.resolve("etc").toString());
    }

    @Test
    void aFirstDryRunWouldTransferEverythingAndCreatesNothing() {
        RecordingListener listener = new RecordingListener();
        BackupResult result = request().dryRun().run(listener);

        assertThat(result.outcome()).as(result.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.snapshotName()).isNull();
        assertThat(result.snapshotPath()).isNull();
        assertThat(result.snapshotState()).isNull();
        assertThat(result.exitCode()).isZero();
        assertThat(result.command()).contains("--dry-run");
        assertThat(result.stats().filesTransferred()).isEqualTo(3);
        assertThat(listener.snapshotName).isNull();
        assertThat(fixture.hostDirListing()).containsExactly(".lock");
        assertThat(fixture.lastLog()).contains("pobsync: dry run of web1", ">f+++++++++ ", "/etc/a", "dry run succeeded");
    }

    @Test
    void aDryRunAfterABackupShowsOnlyTheChanges() {
        BackupResult first = request().run();
        assertThat(first.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        TestTree.rewrite(src.resolve("etc/b"), "b changed\n", Instant.parse("2026-01-01T00:00:00Z"));

        BackupResult dry = request().dryRun().run();
        assertThat(dry.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(dry.baseSnapshotName()).isEqualTo(first.snapshotName());
        assertThat(dry.stats().filesTransferred()).isEqualTo(1);
        assertThat(fixture.lastLog()).contains("/etc/b").doesNotContain("/etc/a\n");
        assertThat(fixture.hostDirListing()).containsExactly(".lock", first.snapshotName());
    }

    @Test
    void aFailedDryRunLeavesNothingEither() {
        BackupResult dry = request().port(LoopbackSshd.freePort()).dryRun().run();
        assertThat(dry.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(dry.errorSummary()).startsWith("host unreachable: connection refused");
        assertThat(fixture.hostDirListing()).containsExactly(".lock");
    }

    @Test
    void scratchLeftByADeadDryRunIsRemovedByTheNextRun() throws java.io.IOException {
        java.nio.file.Files.createDirectories(fixture.root.resolve("web1/.dry-run-20260101T000000Z/data"));
        assertThat(request().dryRun().run().outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(fixture.hostDirListing()).containsExactly(".lock");
    }
}
