package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pobsync.engine.ssh.HostKeyTest.ED25519;

import org.junit.jupiter.api.Test;

class AuthorizedKeyLineTest {

    private static final String PUBLIC_KEY = "ssh-ed25519 " + ED25519 + " pobsync@backup1";

    @Test
    void thePlainLineIsThePublicKeyItself() {
        AuthorizedKeyLine line = AuthorizedKeyLine.plain(PUBLIC_KEY + "\n");
        assertThat(line.line()).isEqualTo(PUBLIC_KEY);
        assertThat(line.explanation()).startsWith("Full access");
    }

    @Test
    void theReadOnlyLineForcesRrsyncAndRefusesForwardingAndTerminals() {
        assertThat(AuthorizedKeyLine.readOnly(PUBLIC_KEY).line()).isEqualTo("command=\"rrsync -ro /\",no-pty,"
                + "no-agent-forwarding,no-port-forwarding,no-X11-forwarding " + PUBLIC_KEY);
        assertThat(AuthorizedKeyLine.readOnly(PUBLIC_KEY, "/usr/local/bin/rrsync").line())
                .startsWith("command=\"/usr/local/bin/rrsync -ro /\",");
        assertThat(AuthorizedKeyLine.readOnly(PUBLIC_KEY).explanation())
                .contains("/usr/bin/rrsync", "python3", "use_sudo", "--protect-args", "--no-protect-args");
    }

    @Test
    void refusesAnythingButOneKeyLine() {
        assertThatThrownBy(() -> AuthorizedKeyLine.plain("command=\"sh\" " + PUBLIC_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizedKeyLine.plain(PUBLIC_KEY + "\nssh-ed25519 " + ED25519))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizedKeyLine.readOnly(PUBLIC_KEY, "rrsync\" ; sh \""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
