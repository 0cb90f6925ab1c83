package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.engine.layout.SnapshotMetadata;
import org.pobsync.engine.layout.SnapshotMetadataFile;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestEnvironment;
import org.pobsync.testsupport.TestTree;

/**
 * Every way a backup fails ends FAILED with words an operator understands, leaves the snapshot
 * as {@code .incomplete}, and the next good backup links against the last complete one.
 */
class BackupFailureTest {

    @TempDir
    Path tmp;

    BackupFixture fixture;
    Path src;

    @BeforeEach
    void setUp() {
        fixture = new BackupFixture(tmp);
        src = TestTree.tree().file("etc/hosts", "127.0.0.1 localhost\n").file("etc/motd", "hello\n").create(tmp.resolve("src"));
    }

    private String etc() {
        return src.resolve("etc").toString();
    }

    @Test
    void unreachablePortFailsAsHostUnreachable() throws IOException {
        LoopbackSshd sshd = LoopbackSshd.shared();
        BackupResult first = succeed(fixture.ssh(sshd, etc()).run());
        int closedPort = LoopbackSshd.freePort();
        BackupResult failed = fixture.ssh(sshd, etc()).port(closedPort).run();
        assertFailedAndLeftIncomplete(failed, "host unreachable: connection refused on port " + closedPort);
        assertNextGoodBackupLinksTo(fixture.ssh(sshd, etc()), first);
    }

    @Test
    void refusedKeyFailsAsAuthenticationRefused() throws IOException {
        try (LoopbackSshd sshd = LoopbackSshd.start()) {
            BackupResult first = succeed(fixture.ssh(sshd, etc()).run());
            sshd.authorizeOnly(List.of());
            BackupResult failed = fixture.ssh(sshd, etc()).run();
            assertFailedAndLeftIncomplete(failed,
                    "authentication refused: the server's public key is not in the remote user's authorized_keys");
            sshd.authorizeOnly(List.of(Path.of(sshd.clientKey() + ".pub")));
            assertNextGoodBackupLinksTo(fixture.ssh(sshd, etc()), first);
        }
    }

    @Test
    void changedHostKeyFailsAsPossibleManInTheMiddle() throws IOException {
        try (LoopbackSshd sshd = LoopbackSshd.start()) {
            BackupResult first = succeed(fixture.ssh(sshd, etc()).run());
            String pinned = sshd.hostKeyFingerprint();
            sshd.rotateHostKey();
            BackupResult failed = fixture.ssh(sshd, etc()).run();
            assertFailedAndLeftIncomplete(failed, "host key changed since it was pinned: the host now offers ED25519 key "
                    + sshd.hostKeyFingerprint() + ", the pinned key is " + pinned + "; verify the host and re-pin");
            sshd.writeKnownHosts(tmp.resolve("known_hosts"));
            assertNextGoodBackupLinksTo(fixture.ssh(sshd, etc()), first);
        }
    }

    @Test
    void unpinnedHostKeyFailsAsUnknown() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty_known_hosts"));
        BackupResult failed = fixture.ssh(LoopbackSshd.shared(), etc()).knownHosts(empty).run();
        assertFailedAndLeftIncomplete(failed, "host key not pinned: scan and pin it first");
    }

    @Test
    void missingRemotePathFailsNamingThePath() throws IOException {
        LoopbackSshd sshd = LoopbackSshd.shared();
        BackupResult first = succeed(fixture.ssh(sshd, etc()).run());
        String missing = tmp.resolve("no/such/dir").toString();
        BackupResult failed = fixture.ssh(sshd, missing).run();
        assertFailedAndLeftIncomplete(failed, "remote path missing: " + missing);
        assertThat(failed.exitCode()).isEqualTo(23);
        assertNextGoodBackupLinksTo(fixture.ssh(sshd, etc()), first);
    }

    @Test
    void oneMissingPathAmongSeveralIsAPartialSnapshotUsableAsBase() throws IOException {
        LoopbackSshd sshd = LoopbackSshd.shared();
        String missing = tmp.resolve("src/gone").toString();
        BackupResult partial = fixture.ssh(sshd, etc(), missing).run();

        assertThat(partial.outcome()).isEqualTo(RunOutcome.WARNING);
        assertThat(partial.snapshotState()).isEqualTo(SnapshotState.PARTIAL);
        assertThat(partial.exitCode()).isEqualTo(23);
        assertThat(partial.errorSummary()).isEqualTo("some files were not transferred: remote path missing: " + missing);
        assertThat(partial.snapshotPath().getFileName().toString()).isEqualTo(partial.snapshotName());
        assertThat(SnapshotMetadataFile.read(partial.snapshotPath().resolve("snapshot.json")).status()).isEqualTo("partial");
        assertThat(BackupFixture.inSnapshot(partial, src.resolve("etc/hosts"))).hasContent("127.0.0.1 localhost");

        BackupResult next = succeed(fixture.ssh(sshd, etc()).run());
        assertThat(next.baseSnapshotName()).isEqualTo(partial.snapshotName());
    }

    /**
     * The host's rsync runs as an unprivileged user (as root it could read everything): files and
     * a directory only root may read cannot be transferred, the rest is kept as a partial
     * snapshot, and the summary says how many failed and names the first few.
     */
    @Test
    void unreadableFilesGiveAPartialSnapshotThatCountsThemAndNamesTheFirstFew() throws IOException {
        try (LoopbackSshd sshd = LoopbackSshd.start()) {
            sshd.runCommandsAsNobody();
            Files.setPosixFilePermissions(tmp, TestTree.permissions(0755));
            TestTree tree = TestTree.tree().dir("host", 0755).file("host/readable", "for everyone\n", 0644)
                    .dir("host/locked", 0700).file("host/locked/inside", "root only\n", 0600);
            for (int i = 1; i <= 7; i++) {
                tree.file("host/secret" + i, "root only\n", 0600);
            }
            Path host = tree.create(tmp.resolve("unreadable")).resolve("host");
            if (!TestEnvironment.isRoot()) {
                Files.setPosixFilePermissions(host.resolve("locked"), TestTree.permissions(0));
                for (int i = 1; i <= 7; i++) {
                    Files.setPosixFilePermissions(host.resolve("secret" + i), TestTree.permissions(0));
                }
            }

            BackupResult partial = fixture.ssh(sshd, host.toString()).run();

            assertThat(partial.exitCode()).as(partial.errorSummary()).isEqualTo(23);
            assertThat(partial.outcome()).isEqualTo(RunOutcome.WARNING);
            assertThat(partial.snapshotState()).isEqualTo(SnapshotState.PARTIAL);
            assertThat(BackupFixture.inSnapshot(partial, host.resolve("readable"))).hasContent("for everyone");
            assertThat(partial.errorSummary()).isEqualTo("some files were not transferred: permission denied reading"
                    + " 8 files: " + host.resolve("locked") + ", " + host.resolve("secret1") + ", "
                    + host.resolve("secret2") + " and 5 more");
        }
    }

    @Test
    void aMissingLocalRsyncBinaryFailsWithoutLeavingRsyncRunning() throws IOException {
        BackupEngine broken = new BackupEngine(fixture.clock, "/nonexistent/rsync", "ssh",
                java.time.Duration.ofSeconds(1), "test");
        BackupResult result = broken.run(fixture.local(etc()).build(), BackupListener.NONE);
        assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(result.errorSummary()).startsWith("cannot start rsync: cannot start /nonexistent/rsync");
        assertThat(result.exitCode()).isNull();
        assertThat(result.snapshotState()).isEqualTo(SnapshotState.INCOMPLETE);
        assertThat(result.snapshotPath().getFileName().toString()).endsWith(".incomplete");
    }

    private static BackupResult succeed(BackupResult result) {
        assertThat(result.outcome()).as(result.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        return result;
    }

    private void assertFailedAndLeftIncomplete(BackupResult failed, String summary) throws IOException {
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.errorSummary()).isEqualTo(summary);
        assertThat(failed.snapshotState()).isEqualTo(SnapshotState.INCOMPLETE);
        Path incomplete = fixture.root.resolve("web1").resolve(failed.snapshotName() + SnapshotLayout.INCOMPLETE_SUFFIX);
        assertThat(failed.snapshotPath()).isEqualTo(incomplete);
        assertThat(incomplete).isDirectory();
        assertThat(fixture.root.resolve("web1").resolve(failed.snapshotName())).doesNotExist();
        SnapshotMetadata metadata = SnapshotMetadataFile.read(incomplete.resolve("snapshot.json"));
        assertThat(metadata.status()).isEqualTo("incomplete");
        assertThat(metadata.exitCode()).isEqualTo(failed.exitCode()).isNotNull().isNotZero();
        assertThat(metadata.finishedAt()).isNotNull();
        assertThat(fixture.lastLog()).contains("snapshot left as " + failed.snapshotName() + ".incomplete: " + summary);
    }

    private void assertNextGoodBackupLinksTo(BackupFixture.Request request, BackupResult lastComplete) {
        BackupResult next = succeed(request.run());
        assertThat(next.baseSnapshotName()).isEqualTo(lastComplete.snapshotName());
        assertThat(next.command()).contains("--link-dest=" + lastComplete.snapshotPath() + "/data");
    }
}
