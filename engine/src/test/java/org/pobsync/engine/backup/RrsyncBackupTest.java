package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.engine.backup.BackupFixture.inSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.ssh.AuthorizedKeyLine;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestEnvironment;
import org.pobsync.testsupport.TestTree;
import org.pobsync.testsupport.TreeComparison;

/**
 * Whole backups through the suggested read-only authorized_keys line (the real rrsync as the
 * key's forced command on a real sshd): refused while pobsync sends --protect-args, complete and
 * hard-linked once the host's options carry --no-protect-args, file names with spaces and shell
 * characters included.
 */
class RrsyncBackupTest {

    @TempDir
    Path tmp;

    private LoopbackSshd sshd;
    private BackupFixture fixture;
    private Path src;

    @BeforeAll
    static void needsRrsync() {
        TestEnvironment.requireBinary("python3");
        TestEnvironment.requireBinary("rrsync");
    }

    @BeforeEach
    void setUp() throws Exception {
        sshd = LoopbackSshd.start();
        String publicKey = Files.readString(Path.of(sshd.clientKey() + ".pub"));
        Path line = Files.writeString(tmp.resolve("authorized_keys_line"), AuthorizedKeyLine.readOnly(publicKey).line());
        sshd.authorizeOnly(List.of(line));
        fixture = new BackupFixture(tmp);
        src = tmp.resolve("remote root");
        TestTree.tree()
                .dir("etc", 0755)
                .file("etc/hosts", "127.0.0.1 localhost\n")
                .file("etc/secret", "s3cr3t\n", 0600)
                .hardlink("etc/hosts.link", "etc/hosts")
                .symlink("etc/link-to-hosts", "hosts")
                .dir("home dir", 0755)
                .file("home dir/name with spaces.txt", "spaces\n")
                .file("home dir/$(touch pwned);`id`", "shell characters\n")
                .file("home dir/-leading-dash", "dash\n")
                .create(src);
    }

    @AfterEach
    void stop() {
        sshd.close();
    }

    @Test
    void withProtectArgsRrsyncRefusesTheBackupAndSaysWhy() {
        BackupResult refused = fixture.ssh(sshd, src.resolve("etc").toString()).run();
        assertThat(refused.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(refused.errorSummary()).isEqualTo("the host's key is restricted to rrsync, which refuses"
                + " --protect-args: give the host the extra rsync option --no-protect-args");
    }

    @Test
    void withNoProtectArgsBackupsThroughRrsyncAreCompleteAndIncremental() throws Exception {
        String etc = src.resolve("etc").toString();
        String home = src.resolve("home dir").toString();
        BackupFixture.Request request = fixture.ssh(sshd, etc, home);
        request.options = List.of("--no-protect-args");
        BackupResult full = request.run();
        assertThat(full.outcome()).as(full.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(full.command()).doesNotContain("--protect-args").contains("--no-protect-args");
        TreeComparison.assertSameTree(src.resolve("etc"), inSnapshot(full, src.resolve("etc")));
        TreeComparison.assertSameTree(src.resolve("home dir"), inSnapshot(full, src.resolve("home dir")));
        assertThat(src.resolve("home dir/pwned")).as("no file name reached a shell").doesNotExist();
        assertThat(Path.of("pwned")).doesNotExist();

        Files.writeString(src.resolve("etc/hosts"), "127.0.0.1 localhost changed\n");
        BackupFixture.Request again = fixture.ssh(sshd, etc, home);
        again.options = List.of("--no-protect-args");
        BackupResult incremental = again.run();
        assertThat(incremental.outcome()).as(incremental.errorSummary()).isEqualTo(RunOutcome.SUCCEEDED);
        TreeComparison.assertSameTree(src.resolve("etc"), inSnapshot(incremental, src.resolve("etc")));
        Path unchanged = src.resolve("home dir/name with spaces.txt");
        assertThat(TreeComparison.inode(inSnapshot(incremental, unchanged)))
                .as("an unchanged file is a hard link to the base snapshot")
                .isEqualTo(TreeComparison.inode(inSnapshot(full, unchanged)));
    }
}
