package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.engine.ssh.HostKeyTest.ECDSA;
import static org.pobsync.engine.ssh.HostKeyTest.ED25519;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsFileTest {

    private static final HostKey ED = HostKey.of("ssh-ed25519", ED25519);
    private static final HostKey EC = HostKey.of("ecdsa-sha2-nistp256", ECDSA);

    @TempDir
    Path tmp;

    @Test
    void writesBareAddressForPort22AndBracketsOtherwise() {
        assertThat(new KnownHost("web1.example.org", 22, ED).knownHostsLine())
                .isEqualTo("web1.example.org ssh-ed25519 " + ED25519);
        assertThat(new KnownHost("127.0.0.1", 2222, ED).knownHostsLine())
                .isEqualTo("[127.0.0.1]:2222 ssh-ed25519 " + ED25519);
        assertThat(new KnownHost("2001:db8::5", 2222, ED).hostPattern()).isEqualTo("[2001:db8::5]:2222");
    }

    @Test
    void rendersSortedWithAHeaderAndWithoutDuplicates() {
        String text = KnownHostsFile.render(List.of(new KnownHost("web2", 22, ED), new KnownHost("127.0.0.1", 2222, EC),
                new KnownHost("127.0.0.1", 2222, ED), new KnownHost("web2", 22, ED)));
        assertThat(text.lines()).containsExactly(
                "# Managed by pobsync: regenerated from its database on every change. Edits here are lost;"
                        + " pin host keys with pobsync instead.",
                "[127.0.0.1]:2222 ecdsa-sha2-nistp256 " + ECDSA,
                "[127.0.0.1]:2222 ssh-ed25519 " + ED25519,
                "web2 ssh-ed25519 " + ED25519);
    }

    @Test
    void parsesWhatItRenders() {
        List<KnownHost> pins = List.of(new KnownHost("127.0.0.1", 2222, EC), new KnownHost("127.0.0.1", 2222, ED),
                new KnownHost("fe80::1%eth0", 22, ED), new KnownHost("web2", 22, ED));
        assertThat(KnownHostsFile.parse(KnownHostsFile.render(pins))).containsExactlyElementsOf(pins);
    }

    @Test
    void parsesCommaListsAndSkipsWhatItCannotPin() {
        String text = String.join("\n",
                "# comment",
                "",
                "web1,10.0.0.5 ssh-ed25519 " + ED25519 + " a comment",
                "|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= ssh-ed25519 " + ED25519,
                "@cert-authority *.example.org ssh-ed25519 " + ED25519,
                "*.example.org ssh-ed25519 " + ED25519,
                "[web3]:2200 ssh-rsa " + ED25519,
                "[web4]:x ssh-ed25519 " + ED25519,
                "broken-line");
        assertThat(KnownHostsFile.parse(text)).containsExactly(
                new KnownHost("web1", 22, ED), new KnownHost("10.0.0.5", 22, ED));
    }

    @Test
    void replacesTheFileAtomicallyWithMode0640AndNoTemporaryLeftOver() throws Exception {
        Path file = tmp.resolve("state/known_hosts");
        KnownHostsFile.write(file, List.of(new KnownHost("web1", 22, ED)));
        KnownHostsFile.write(file, List.of(new KnownHost("127.0.0.1", 2222, EC)));

        assertThat(KnownHostsFile.read(file)).containsExactly(new KnownHost("127.0.0.1", 2222, EC));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        try (var entries = Files.list(file.getParent())) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void anEmptyListStillWritesAFileSoSshFindsNothingPinned() throws Exception {
        Path file = tmp.resolve("known_hosts");
        KnownHostsFile.write(file, List.of());
        assertThat(KnownHostsFile.read(file)).isEmpty();
        assertThat(KnownHostsFile.read(tmp.resolve("absent"))).isEmpty();
    }
}
