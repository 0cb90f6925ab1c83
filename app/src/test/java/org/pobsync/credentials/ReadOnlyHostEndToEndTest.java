package org.pobsync.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.SshBackupHost;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestEnvironment;
import org.pobsync.testsupport.TestTree;

/**
 * The read-only authorized_keys line `manage ssh-key` suggests, as an operator uses it: installed
 * on a real sshd (the real rrsync as its forced command), the connection test says what backups
 * need, the first backup fails saying the same, and with --no-protect-args backups work.
 */
class ReadOnlyHostEndToEndTest {

    @TempDir
    Path dir;

    private LoopbackSshd sshd;
    private Cli cli;
    private Path source;

    @BeforeEach
    void setUp() throws Exception {
        TestEnvironment.requireBinary("python3");
        TestEnvironment.requireBinary("rrsync");
        sshd = LoopbackSshd.start();
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("var")));
        source = dir.resolve("src");
        TestTree.tree().dir("etc", 0755).file("etc/hosts", "127.0.0.1 localhost\n")
                .file("etc/name with spaces.conf", "x\n").create(source);
        SshBackupHost.configure(cli, sshd, dir.resolve("backups"), "ro1", List.of(source.resolve("etc")));
        String readOnlyLine = ok(cli.run("manage", "ssh-key")).out().lines()
                .filter(l -> l.startsWith("command=\"rrsync -ro /\"")).findFirst().orElseThrow();
        Path line = Files.writeString(dir.resolve("read-only-line"), readOnlyLine + "\n");
        sshd.authorizeOnly(List.of(line));
    }

    @AfterEach
    void stop() {
        sshd.close();
    }

    @Test
    void aHostBehindTheReadOnlyLineBacksUpWithNoProtectArgs() {
        // The login works, but a backup would fail: Test connection says so, and what to do.
        Cli.Result probe = cli.run("manage", "test-connection", "ro1");
        assertThat(probe.exitCode()).isEqualTo(1);
        assertThat(probe.out() + probe.err()).contains("restricted to rrsync",
                "backups through this key need the extra rsync option --no-protect-args",
                "give the host the extra rsync option --no-protect-args");

        Cli.Result refused = cli.run("backup", "ro1");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("give the host the extra rsync option --no-protect-args");

        ok(cli.run("manage", "configure-host", "ro1", "--rsync-option=--no-protect-args"));
        Cli.Result probeAgain = ok(cli.run("manage", "test-connection", "ro1"));
        assertThat(probeAgain.out() + probeAgain.err()).contains("restricted to rrsync", "readable")
                .doesNotContain("need the extra");
        Cli.Result backup = ok(cli.run("backup", "ro1"));
        assertThat(backup.out()).contains("succeeded");
        assertThat(dir.resolve("backups/ro1")).isDirectoryRecursivelyContaining("glob:**/name with spaces.conf");
    }
}
