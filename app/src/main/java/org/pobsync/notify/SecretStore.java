package org.pobsync.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.pobsync.engine.io.AtomicFile;

/**
 * The notification channels' secrets (SMTP passwords, webhook secret header values), stored like
 * pobsync's other credentials: as files readable by the owner only in the data dir
 * ({@code <data dir>/secrets/}, 0700), never in the database, so a database dump or an export
 * does not carry them. A secret is written whole under a temporary name and renamed into place,
 * so a reader sees the old value or the new one, never half of one.
 */
public final class SecretStore {

    private final Path dir;

    public SecretStore(Path dataDir) {
        this.dir = dataDir.resolve("secrets");
    }

    public Path dir() {
        return dir;
    }

    public Optional<String> read(String key) {
        try {
            return Optional.of(Files.readString(file(key), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret " + file(key) + ": " + e.getMessage(), e);
        }
    }

    public void write(String key, String value) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            AtomicFile.write(file(key), value, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secret " + file(key) + ": " + e.getMessage(), e);
        }
    }

    public void delete(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the secret " + file(key) + ": " + e.getMessage(), e);
        }
    }

    private Path file(String key) {
        if (!key.matches("[a-z0-9-]{1,100}")) {
            throw new IllegalArgumentException("not a secret key: " + key);
        }
        return dir.resolve(key);
    }

    /** The SMTP password of a channel. */
    static String smtpPassword(long channelId) {
        return "channel-" + channelId + "-smtp-password";
    }

    /** The value of a webhook channel's secret header. */
    static String headerValue(long channelId) {
        return "channel-" + channelId + "-header-value";
    }
}
