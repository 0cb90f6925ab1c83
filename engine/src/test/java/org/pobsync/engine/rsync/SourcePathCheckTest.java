package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.Transport;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestEnvironment;
import org.pobsync.testsupport.TestTree;

/**
 * Test connection's look at the source paths, against a real sshd whose logins run as an
 * unprivileged user: what is missing and which directories the backup's user cannot read.
 */
class SourcePathCheckTest {

    @TempDir
    Path tmp;

    @Test
    void namesMissingPathsAndDirectoriesTheBackupsUserCannotRead() throws IOException {
        try (LoopbackSshd sshd = LoopbackSshd.start()) {
            sshd.runCommandsAsNobody();
            Files.setPosixFilePermissions(tmp, TestTree.permissions(0755));
            Path host = TestTree.tree().dir("host", 0755).file("host/readable", "for everyone\n", 0644)
                    .dir("host/open", 0755).file("host/open/f", "x\n", 0644)
                    .dir("host/with space", 0755)
                    .dir("host/locked", 0700).file("host/locked/inside", "root only\n", 0600)
                    .create(tmp.resolve("tree")).resolve("host");
            if (!TestEnvironment.isRoot()) {
                Files.setPosixFilePermissions(host.resolve("locked"), TestTree.permissions(0));
            }
            List<String> paths = List.of(host.resolve("readable").toString(), host.resolve("open").toString(),
                    host.resolve("with space").toString(), host.resolve("locked").toString(),
                    host.resolve("gone").toString());
            BackupRequest request = new BackupRequest("web1", Transport.SSH, new SshTarget(sshd.address(), sshd.user(),
                    sshd.port(), sshd.clientKey(), sshd.writeKnownHosts(tmp.resolve("known_hosts")),
                    Duration.ofSeconds(5)), false, paths, List.of(), List.of(), null, Duration.ofSeconds(30), false,
                    tmp.resolve("backups"), tmp.resolve("run.log"));

            SourcePathCheck.Outcome outcome = new SourcePathCheck(new RsyncCommand("rsync", "ssh")).check(request);

            assertThat(outcome.problem()).isNull();
            assertThat(outcome.missing()).containsExactly(host.resolve("gone").toString());
            assertThat(outcome.unreadable()).containsExactly(host.resolve("locked").toString());
            assertThat(outcome.allReadable()).isFalse();
        }
    }

    @Test
    void aHostThatCannotBeReachedIsAProblemNotAMissingPath() {
        BackupRequest request = new BackupRequest("web1", Transport.SSH, new SshTarget("127.0.0.1", "root",
                LoopbackSshd.freePort(), tmp.resolve("no-key"), tmp.resolve("known_hosts"), Duration.ofSeconds(2)),
                false, List.of("/etc"), List.of(), List.of(), null, Duration.ofSeconds(30), false,
                tmp.resolve("backups"), tmp.resolve("run.log"));

        SourcePathCheck.Outcome outcome = new SourcePathCheck(new RsyncCommand("rsync", "ssh")).check(request);

        assertThat(outcome.problem()).isNotBlank();
        assertThat(outcome.missing()).isEmpty();
    }
}
