package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.engine.ssh.SshTestTargets.pinned;
import static org.pobsync.engine.ssh.SshTestTargets.target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.ssh.SshFailure.Reason;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestEnvironment;

/** Every outcome for real: a real sshd on 127.0.0.1, the real ssh client, the real remote shell. */
class ConnectionProbeTest {

    @TempDir
    Path tmp;

    /** For the tests that change the server (its keys, who it lets in). */
    private LoopbackSshd own;

    @BeforeAll
    static void needsOpenSsh() {
        TestEnvironment.requireBinary("ssh");
        TestEnvironment.requireBinary("rsync");
    }

    @AfterEach
    void stopOwnServer() {
        if (own != null) {
            own.close();
        }
    }

    private final ConnectionProbe probe = new ConnectionProbe();

    @Test
    void connectsWithAKnownHostsFileMadeFromTheScan() throws Exception {
        LoopbackSshd sshd = LoopbackSshd.shared();
        ProbeResult result = probe.test(target(sshd, pinned(sshd, tmp.resolve("known_hosts"))), false);

        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.rsyncVersion()).matches("rsync version \\S+ protocol version \\d+");
        assertThat(result.message()).startsWith("connected: rsync");
    }

    @Test
    void connectsWithTheKeyAndKnownHostsInADirectoryWithSpaces() throws Exception {
        LoopbackSshd sshd = LoopbackSshd.shared();
        Path spaced = Files.createDirectories(tmp.resolve("pob sync data"));
        Path key = Files.copy(sshd.clientKey(), spaced.resolve("id ed25519"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        ProbeResult result = probe.test(target(sshd, key, pinned(sshd, spaced.resolve("known hosts"))), false);

        assertThat(result.ok()).as(result.message()).isTrue();
    }

    @Test
    void saysUnreachableWhenNothingListensOnThePort() throws Exception {
        LoopbackSshd sshd = LoopbackSshd.shared();
        int port = LoopbackSshd.freePort();
        SshTarget target = new SshTarget("127.0.0.1", sshd.user(), port, sshd.clientKey(),
                pinned(sshd, tmp.resolve("known_hosts")), Duration.ofSeconds(5));

        ProbeResult result = probe.test(target, false);

        assertThat(result.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(result.message()).isEqualTo("host unreachable: connection refused on port " + port);
    }

    @Test
    void saysAuthenticationRefusedWhenTheKeyIsNotAuthorized() throws Exception {
        own = LoopbackSshd.start();
        Path knownHosts = pinned(own, tmp.resolve("known_hosts"));
        own.authorizeOnly(List.of());

        ProbeResult result = probe.test(target(own, knownHosts), false);

        assertThat(result.reason()).isEqualTo(Reason.AUTH_REFUSED);
        assertThat(result.message()).isEqualTo(
                "authentication refused: the server's public key is not in the remote user's authorized_keys");
    }

    @Test
    void saysHostKeyNotPinnedWithAnEmptyKnownHostsFile() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        KnownHostsFile.write(knownHosts, List.of());

        ProbeResult result = probe.test(target(LoopbackSshd.shared(), knownHosts), false);

        assertThat(result.reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN);
        assertThat(result.message()).isEqualTo("host key not pinned: scan and pin it first");
    }

    @Test
    void aKeyPinnedForAnotherNonStandardPortIsNotTrusted() throws Exception {
        LoopbackSshd sshd = LoopbackSshd.shared();
        HostKey key = new HostKeyScanner(Duration.ofSeconds(5)).scan(sshd.address(), sshd.port()).get(0);
        Path knownHosts = tmp.resolve("known_hosts");
        KnownHostsFile.write(knownHosts, List.of(new KnownHost(sshd.address(), sshd.port() == 2200 ? 2201 : 2200, key)));

        assertThat(probe.test(target(sshd, knownHosts), false).reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN);
    }

    @Test
    void sshFallsBackToAPort22PinForOtherPorts() throws Exception {
        // OpenSSH behaviour worth knowing ("found matching key w/out port"): a bare-address pin
        // also vouches for [address]:port when nothing is pinned for that port.
        LoopbackSshd sshd = LoopbackSshd.shared();
        HostKey key = new HostKeyScanner(Duration.ofSeconds(5)).scan(sshd.address(), sshd.port()).get(0);
        Path knownHosts = tmp.resolve("known_hosts");
        KnownHostsFile.write(knownHosts, List.of(new KnownHost(sshd.address(), 22, key)));

        assertThat(probe.test(target(sshd, knownHosts), false).ok()).isTrue();
    }

    @Test
    void saysHostKeyChangedAfterTheHostRotatesItsKeyAndConnectsAgainOnceRepinned() throws Exception {
        own = LoopbackSshd.start();
        Path knownHosts = pinned(own, tmp.resolve("known_hosts"));
        assertThat(probe.test(target(own, knownHosts), false).ok()).isTrue();

        String pinned = own.hostKeyFingerprint();
        own.rotateHostKey();
        ProbeResult changed = probe.test(target(own, knownHosts), false);

        assertThat(changed.reason()).isEqualTo(Reason.HOST_KEY_CHANGED);
        assertThat(changed.message()).isEqualTo("host key changed since it was pinned: the host now offers ED25519 key "
                + own.hostKeyFingerprint() + ", the pinned key is " + pinned + "; verify the host and re-pin");
        assertThat(probe.test(target(own, pinned(own, knownHosts)), false).ok()).isTrue();
    }

    @Test
    void saysRsyncMissingWhenTheRemoteShellCannotFindIt() throws Exception {
        LoopbackSshd sshd = LoopbackSshd.shared();
        ProbeResult result = new ConnectionProbe("pobsync-test-no-such-rsync")
                .test(target(sshd, pinned(sshd, tmp.resolve("known_hosts"))), false);

        assertThat(result.reason()).isEqualTo(Reason.RSYNC_MISSING);
        assertThat(result.message()).isEqualTo("rsync is not installed on the remote host");
    }

    @Test
    void saysTheServerKeyIsUnusableWhenItsPermissionsAreTooOpen() throws Exception {
        LoopbackSshd sshd = LoopbackSshd.shared();
        Path key = tmp.resolve("id_ed25519");
        Files.copy(sshd.clientKey(), key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        ProbeResult result = probe.test(target(sshd, key, pinned(sshd, tmp.resolve("known_hosts"))), false);

        assertThat(result.reason()).isEqualTo(Reason.KEY_UNUSABLE);
        assertThat(result.message()).contains("permissions are too open");
    }

    @Test
    void runsRsyncThroughSudoWhenAsked() throws Exception {
        LoopbackSshd sshd = LoopbackSshd.shared();
        ProbeResult result = probe.test(target(sshd, pinned(sshd, tmp.resolve("known_hosts"))), true);

        // The remote side is this machine: what sudo does depends on whether it is installed.
        if (TestEnvironment.isRoot() && Files.isExecutable(Path.of("/usr/bin/sudo"))) {
            assertThat(result.ok()).as(result.message()).isTrue();
        } else if (!Files.exists(Path.of("/usr/bin/sudo"))) {
            assertThat(result.reason()).isEqualTo(Reason.SUDO_REFUSED);
            assertThat(result.message()).isEqualTo("sudo is not installed on the remote host");
        } else {
            assertThat(result.reason()).isEqualTo(Reason.SUDO_REFUSED);
        }
    }
}
