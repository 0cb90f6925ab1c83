package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostKeyTest {

    // Fingerprints as `ssh-keygen -lf` printed them for these keys.
    static final String ED25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIIZN5bq720TdBCiJMUFN5Mx8XvjVhDuEg+12g8hXOlwW";
    static final String ED25519_FINGERPRINT = "SHA256:Mb2J3zaBRvg0nnbyJd8JF7646nRUsTkoRoVg0BVqCWc";
    static final String ECDSA = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJqO7yujTLS0VyADZWd5aPMSZHKfUerbb"
            + "xcVZzdPteVwTZwqf6CFk6Lx/TjNgcaK4KyKCPX8cnzAYe7flMfyo9A=";
    static final String ECDSA_FINGERPRINT = "SHA256:G7wChpl7qIvT3LoZWOTdco/xhemVduqG/j7VEF5s7tE";

    @Test
    void computesTheFingerprintSshKeygenShows() {
        assertThat(KeyFingerprint.sha256(ED25519)).isEqualTo(ED25519_FINGERPRINT);
        assertThat(HostKey.of("ecdsa-sha2-nistp256", ECDSA).fingerprint()).isEqualTo(ECDSA_FINGERPRINT);
    }

    @Test
    void parsesTypeKeyAndIgnoresTheComment() {
        HostKey key = HostKey.parse("ssh-ed25519 " + ED25519 + " root@web1");
        assertThat(key).isEqualTo(new HostKey("ssh-ed25519", ED25519, ED25519_FINGERPRINT));
        assertThat(key.keyText()).isEqualTo("ssh-ed25519 " + ED25519);
    }

    @Test
    void refusesATypeThatIsNotTheOneInsideTheKey() {
        assertThatThrownBy(() -> HostKey.of("ssh-rsa", ED25519))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key says it is ssh-ed25519, not ssh-rsa");
    }

    @Test
    void refusesAFingerprintThatIsNotTheKeys() {
        assertThatThrownBy(() -> new HostKey("ssh-ed25519", ED25519, ECDSA_FINGERPRINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the key");
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> HostKey.of("ssh-ed25519", "not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostKey.of("ssh-ed25519", "AAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostKey.parse("ssh-ed25519")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostKey.of("command=\"x\"", ED25519)).isInstanceOf(IllegalArgumentException.class);
    }
}
