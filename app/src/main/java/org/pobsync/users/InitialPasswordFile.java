package org.pobsync.users;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.pobsync.settings.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first account's generated password, kept in the data dir (mode 0600) for the operator who
 * missed the one time it was printed. It exists only until that account first signs in or gets
 * another password: after that, a file holding it would only be a stale secret on disk.
 */
public final class InitialPasswordFile {

    public static final String NAME = "initial-admin-password";
    /** The account a first start creates. */
    public static final String FIRST_ACCOUNT = "admin";
    private static final Logger log = LoggerFactory.getLogger(InitialPasswordFile.class);

    private final Path file;
    private final String username;

    public InitialPasswordFile(Path dataDir) {
        this.file = dataDir.toAbsolutePath().normalize().resolve(NAME);
        this.username = FIRST_ACCOUNT;
    }

    public Path path() {
        return file;
    }

    public String username() {
        return username;
    }

    /** Writes the password, readable by this user only from the moment the file exists; false if it could not. */
    boolean write(String password) {
        try {
            PrivateFiles.directory(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("cannot write {}: {}; the password is only in the start-up output", file, e.toString());
            return false;
        }
    }

    /** Removes the file once {@code who} is the first account and has signed in or changed its password. */
    void discardFor(String who) {
        if (!username.equals(who)) {
            return;
        }
        try {
            if (Files.deleteIfExists(file)) {
                log.info("removed {}: {} has signed in or has another password now", file, who);
            }
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", file, e.toString());
        }
    }
}
