package org.pobsync.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.SshBackupHost;
import org.pobsync.testsupport.TestDatabase;

/**
 * Each host is trusted through exactly its own pinned keys, against real sshds: a key pinned for
 * another host record at the same address and port never vouches for this one, neither for
 * Test connection nor for a backup, and the run fails with the key-changed message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostKeyPinningTest {

    private static final String KEY_CHANGED = "host key changed";

    @TempDir
    static Path dir;

    LoopbackSshd first;
    LoopbackSshd second;
    Cli cli;

    @BeforeAll
    void setUp() throws Exception {
        first = LoopbackSshd.start();
        second = LoopbackSshd.start();
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("var")));
        Files.createDirectories(dir.resolve("src/etc"));
        Files.writeString(dir.resolve("src/etc/hosts"), "127.0.0.1 localhost\n");
        SshBackupHost.configure(cli, first, dir.resolve("backups"), "alpha", List.of(dir.resolve("src/etc")));
        Path serverKey = dir.resolve("var/ssh/id_ed25519.pub");
        second.authorizeOnly(List.of(serverKey));
        ok(cli.run("manage", "configure-host", "beta", "--address", second.address(), "--port",
                String.valueOf(second.port()), "--user", second.user(), "--path", dir.resolve("src/etc").toString()));
        ok(cli.run("manage", "host-key", "beta", "--scan", "--yes"));
    }

    @AfterAll
    void tearDown() {
        first.close();
        second.close();
    }

    @Test
    void aHostMovedToAnotherHostsAddressIsNotTrustedThroughThatHostsPin() {
        ok(cli.run("manage", "test-connection", "alpha"));
        ok(cli.run("manage", "configure-host", "gamma", "--address", first.address(), "--port",
                String.valueOf(first.port()), "--user", first.user(), "--path", dir.resolve("src/etc").toString()));
        ok(cli.run("manage", "host-key", "gamma", "--scan", "--yes"));
        // gamma (pinned to first's key) is edited to point at second, whose key only beta pinned.
        ok(cli.run("manage", "configure-host", "gamma", "--port", String.valueOf(second.port())));

        Cli.Result test = cli.run("manage", "test-connection", "gamma");
        assertThat(test.exitCode()).as(test.toString()).isEqualTo(1);
        assertThat(test.err()).contains(KEY_CHANGED);

        Cli.Result backup = cli.run("backup", "gamma");
        assertThat(backup.exitCode()).as(backup.toString()).isEqualTo(1);
        assertThat(backup.out() + backup.err()).contains(KEY_CHANGED);
        assertThat(cli.run("runs", "--host", "gamma", "--json").out()).contains("\"status\" : \"failed\"")
                .contains(KEY_CHANGED);

        ok(cli.run("manage", "test-connection", "beta"));
    }

    @Test
    void aKeyAnotherRecordStillPinsIsNotTrustedAfterThisHostIsRepinned() {
        LoopbackSshd own = LoopbackSshd.start();
        try {
            own.authorizeOnly(List.of(dir.resolve("var/ssh/id_ed25519.pub")));
            String port = String.valueOf(own.port());
            for (String host : List.of("old-record", "repinned")) {
                ok(cli.run("manage", "configure-host", host, "--address", own.address(), "--port", port,
                        "--user", own.user(), "--path", dir.resolve("src/etc").toString()));
                ok(cli.run("manage", "host-key", host, "--scan", "--yes"));
            }
            // The host is reinstalled: "repinned" trusts the new key; "old-record" still holds the old one.
            own.rotateHostKey();
            ok(cli.run("manage", "host-key", "repinned", "--scan", "--yes"));
            ok(cli.run("manage", "test-connection", "repinned"));
            ok(cli.run("backup", "repinned"));

            Cli.Result stale = cli.run("manage", "test-connection", "old-record");
            assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(1);
            assertThat(stale.err()).contains(KEY_CHANGED);
            assertThat(cli.run("backup", "old-record").exitCode()).isEqualTo(1);
        } finally {
            own.close();
        }
    }
}
