package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.TestEnvironment;

class ServerKeyStoreTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsSshKeygen() {
        TestEnvironment.requireBinary("ssh-keygen");
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** The fingerprint as ssh-keygen itself prints it: "256 SHA256:… comment (ED25519)". */
    private static String sshKeygenFingerprint(Path publicKey) {
        return Commands.ok("ssh-keygen", "-lf", publicKey.toString()).trim().split("\\s+")[1];
    }

    @Test
    void generatesAnEd25519KeyReadableByItsOwnerOnly() throws Exception {
        ServerKeyStore store = new ServerKeyStore(tmp.resolve("data/ssh"));

        ServerKeyPair pair = store.generate("pobsync@backup1", false);

        assertThat(mode(tmp.resolve("data/ssh"))).isEqualTo("rwx------");
        assertThat(mode(pair.privateKeyFile())).isEqualTo("rw-------");
        assertThat(mode(pair.publicKeyFile())).isEqualTo("rw-r-----");
        assertThat(pair.type()).isEqualTo("ssh-ed25519");
        assertThat(pair.publicKeyLine()).startsWith("ssh-ed25519 AAAA").endsWith(" pobsync@backup1");
        assertThat(store.check().status()).isEqualTo(KeyFileCheck.Status.OK);
        try (var entries = Files.list(tmp.resolve("data/ssh"))) {
            assertThat(entries).containsExactlyInAnyOrder(pair.privateKeyFile(), pair.publicKeyFile());
        }
    }

    @Test
    void itsFingerprintIsTheOneSshKeygenPrints() throws Exception {
        ServerKeyPair pair = new ServerKeyStore(tmp).generate("pobsync@backup1", false);
        assertThat(pair.fingerprint()).startsWith("SHA256:").isEqualTo(sshKeygenFingerprint(pair.publicKeyFile()));
    }

    @Test
    void refusesToOverwriteAnExistingKeyUnlessAsked() throws Exception {
        ServerKeyStore store = new ServerKeyStore(tmp);
        ServerKeyPair first = store.generate("first", false);

        assertThatThrownBy(() -> store.generate("second", false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("locks pobsync out of every host");
        assertThat(store.read()).contains(first);

        ServerKeyPair replaced = store.generate("second", true);
        assertThat(replaced.fingerprint()).isNotEqualTo(first.fingerprint())
                .isEqualTo(sshKeygenFingerprint(store.publicKeyFile()));
        assertThat(replaced.publicKeyLine()).endsWith(" second");
    }

    @Test
    void readsNothingWhenThereIsNoKey() throws Exception {
        ServerKeyStore store = new ServerKeyStore(tmp.resolve("absent"));
        assertThat(store.read()).isEmpty();
        assertThat(store.check().status()).isEqualTo(KeyFileCheck.Status.FAIL);
        assertThat(store.check().message()).contains("no server key", "ssh-key --generate");
    }

    @Test
    void derivesAMissingPublicKeyFromThePrivateOne() throws Exception {
        ServerKeyStore store = new ServerKeyStore(tmp);
        ServerKeyPair pair = store.generate("pobsync@backup1", false);
        Files.delete(store.publicKeyFile());

        assertThat(store.read().orElseThrow().fingerprint()).isEqualTo(pair.fingerprint());
        assertThat(store.check().status()).isEqualTo(KeyFileCheck.Status.WARN);
    }

    @Test
    void checkFailsWhenThePrivateKeyIsReadableByOthers() throws Exception {
        ServerKeyStore store = new ServerKeyStore(tmp);
        store.generate("pobsync@backup1", false);
        Files.setPosixFilePermissions(store.privateKeyFile(), PosixFilePermissions.fromString("rw-r-----"));

        KeyFileCheck check = store.check();
        assertThat(check.status()).isEqualTo(KeyFileCheck.Status.FAIL);
        assertThat(check.message()).contains("accessible by others", "chmod 600 " + store.privateKeyFile());
    }

    @Test
    void suggestsPlainAndReadOnlyAuthorizedKeyLines() throws Exception {
        ServerKeyPair pair = new ServerKeyStore(tmp).generate("pobsync@backup1", false);
        assertThat(pair.authorizedKeyLines()).extracting(AuthorizedKeyLine::line).containsExactly(
                pair.publicKeyLine(),
                "command=\"rrsync -ro /\",no-pty,no-agent-forwarding,no-port-forwarding,no-X11-forwarding "
                        + pair.publicKeyLine());
    }
}
