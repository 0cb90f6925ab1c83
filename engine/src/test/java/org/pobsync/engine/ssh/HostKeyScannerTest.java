package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pobsync.engine.ssh.SshFailure.Reason;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestEnvironment;

class HostKeyScannerTest {

    private final HostKeyScanner scanner = new HostKeyScanner(Duration.ofSeconds(2));

    @BeforeAll
    static void needsSshKeyscan() {
        TestEnvironment.requireBinary("ssh-keyscan");
    }

    @Test
    void returnsTheKeyWhoseFingerprintIsTheHostKeysFingerprint() throws Exception {
        LoopbackSshd sshd = LoopbackSshd.shared();
        String expected = Commands.ok("ssh-keygen", "-lf", sshd.directory().resolve("host_ed25519.pub").toString())
                .trim().split("\\s+")[1];

        List<HostKey> keys = scanner.scan(sshd.address(), sshd.port());

        assertThat(keys).extracting(HostKey::type).containsExactly("ssh-ed25519");
        assertThat(keys.get(0).fingerprint()).isEqualTo(expected);
        assertThat(new KnownHost(sshd.address(), sshd.port(), keys.get(0)).knownHostsLine())
                .isEqualTo(sshd.knownHostsLine());
    }

    @Test
    void saysConnectionRefusedWhenNothingListens() {
        int port = LoopbackSshd.freePort();
        assertThatThrownBy(() -> scanner.scan("127.0.0.1", port))
                .isInstanceOfSatisfying(HostKeyScanException.class, e -> {
                    assertThat(e.failure().reason()).isEqualTo(Reason.UNREACHABLE);
                    assertThat(e.getMessage()).isEqualTo("host unreachable: connection refused on port " + port);
                });
    }

    @Test
    void saysTheNameDoesNotResolve() {
        assertThatThrownBy(() -> scanner.scan("no-such-host.invalid", 22))
                .isInstanceOf(HostKeyScanException.class)
                .hasMessage("host unreachable: name no-such-host.invalid does not resolve");
    }

    @Test
    void saysNoKeysWhenThePortIsNotAnSshServer() throws Exception {
        // Listens but never speaks: the connection is accepted by the kernel and nothing answers.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            HostKeyScanner quick = new HostKeyScanner(Duration.ofSeconds(1));
            assertThatThrownBy(() -> quick.scan("127.0.0.1", silent.getLocalPort()))
                    .isInstanceOfSatisfying(HostKeyScanException.class, e -> {
                        assertThat(e.failure().reason()).isEqualTo(Reason.OTHER);
                        assertThat(e.getMessage()).startsWith("no host keys returned: port " + silent.getLocalPort()
                                + " accepts connections but offered no ed25519/ecdsa/rsa host key");
                    });
        }
    }

    @Test
    void refusesAnAddressThatCouldBeReadAsAnOption() {
        assertThatThrownBy(() -> scanner.scan("-oProxyCommand=touch /tmp/pwned", 22))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsafe host address");
    }

    @Test
    void scansEveryKeyTypeAndSeparatesTheAddressWithDoubleDash() {
        assertThat(scanner.argv("web1", 2222))
                .containsExactly("ssh-keyscan", "-T", "2", "-p", "2222", "-t", "ed25519,ecdsa,rsa", "--", "web1");
    }

    @Test
    void ignoresCommentsAndUnusableLinesInTheOutput() {
        List<HostKey> keys = HostKeyScanner.parse(List.of(
                "# 127.0.0.1:22 SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
                "127.0.0.1 ssh-ed25519 " + HostKeyTest.ED25519,
                "127.0.0.1 ssh-ed25519 " + HostKeyTest.ED25519,
                "127.0.0.1 ssh-rsa " + HostKeyTest.ED25519,
                "garbage"));
        assertThat(keys).containsExactly(HostKey.of("ssh-ed25519", HostKeyTest.ED25519));
    }
}
