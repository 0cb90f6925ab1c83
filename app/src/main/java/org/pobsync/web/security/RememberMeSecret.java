package org.pobsync.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.pobsync.engine.io.AtomicFile;
import org.pobsync.settings.PrivateFiles;

/**
 * The signing secret of remember-me cookies (POBSYNC_SECRET_FILE, SPEC section 2): read from the
 * file, or generated into a new file readable by the owner only. Replacing the file signs out
 * every remembered browser.
 */
final class RememberMeSecret {

    private RememberMeSecret() {
    }

    static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String secret = Files.readString(file).trim();
                if (secret.length() < 32) {
                    throw new IllegalStateException(file + " holds less than 32 characters; delete it to get a new"
                            + " secret (remembered logins end)");
                }
                return secret;
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            Path dir = file.toAbsolutePath().getParent();
            PrivateFiles.directory(dir);
            // Written completely under a temporary name, then linked into place: a concurrent
            // starter (web and serve on one data dir) sees either no file or the whole secret,
            // and the one that comes second uses the first one's.
            AtomicFile.createIfAbsent(file, HexFormat.of().formatHex(bytes) + "\n",
                    PosixFilePermissions.fromString("rw-------"));
            return readOrCreate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret file " + file + ": " + e.getMessage(), e);
        }
    }
}
