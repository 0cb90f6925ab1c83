package org.pobsync.engine.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * pobsync's own ssh key pair, the identity it logs in to every host with.
 *
 * @param publicKeyLine the {@code .pub} line: type, base64 key, comment
 * @param fingerprint   {@code SHA256:…}, as {@code ssh-keygen -lf} shows it
 */
public record ServerKeyPair(Path privateKeyFile, Path publicKeyFile, String publicKeyLine, String type,
                            String fingerprint) {

    /** The suggested authorized_keys lines for a remote host: plain first, then read-only. */
    public List<AuthorizedKeyLine> authorizedKeyLines() {
        return List.of(AuthorizedKeyLine.plain(publicKeyLine), AuthorizedKeyLine.readOnly(publicKeyLine));
    }
}
