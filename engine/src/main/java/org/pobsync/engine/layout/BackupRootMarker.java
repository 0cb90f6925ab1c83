package org.pobsync.engine.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.pobsync.engine.io.AtomicFile;

/**
 * The file {@code <root>/.pobsync-backup-root} that says "this directory is the backup root
 * pobsync has been writing to". A backup disk mounted on the root leaves an empty directory when
 * it is unmounted; without the marker, the next backup would write a full copy onto the system
 * disk and discovery would mark every snapshot missing. The marker carries a random id that the
 * application keeps in its database, so another disk mounted in its place is told apart too.
 *
 * <p>Whether a root without a marker may be used is the application's decision (it knows whether
 * the root has held snapshots); this class only reads and writes the file.
 */
public final class BackupRootMarker {

    public static final String FILE_NAME = ".pobsync-backup-root";
    private static final String ID_PREFIX = "id=";
    private static final int MAX_BYTES = 4096;

    private BackupRootMarker() {
    }

    /** The marker file of a backup root. */
    public static Path fileIn(Path root) {
        return root.resolve(FILE_NAME);
    }

    /**
     * The id in the root's marker, or empty when there is no marker.
     *
     * @throws IOException when a marker exists but is not one pobsync wrote (a directory, a
     *                     symbolic link, too big, or without an id line)
     */
    public static Optional<String> read(Path root) throws IOException {
        Path file = fileIn(root);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is not a pobsync marker file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        return Optional.of(text.lines().filter(l -> l.startsWith(ID_PREFIX)).map(l -> l.substring(ID_PREFIX.length()).strip())
                .filter(id -> !id.isEmpty()).findFirst()
                .orElseThrow(() -> new IOException(file + " has no id line; it is not a pobsync marker file")));
    }

    /**
     * Writes a new marker with a fresh id and returns the id. The file appears complete or not
     * at all (written beside it, then linked into place), and an existing marker is never
     * replaced: two processes marking the same root at once end up with the first one's id.
     */
    public static String create(Path root, Instant now) throws IOException {
        String id = UUID.randomUUID().toString();
        String text = "pobsync backup root. Do not delete this file: once a backup root has held snapshots,\n"
                + "pobsync backs up, prunes and discovers only where it finds this file, because an\n"
                + "unmounted backup disk leaves an empty directory behind.\n"
                + ID_PREFIX + id + "\n"
                + "created=" + now + "\n";
        if (!AtomicFile.createIfAbsent(fileIn(root), text, PosixFilePermissions.fromString("rw-r--r--"))) {
            return read(root).orElseThrow(() -> new IOException("the marker " + fileIn(root) + " appeared and vanished"));
        }
        return id;
    }

    /** Why a root that has held snapshots cannot be used without its marker (SPEC: issue 12). */
    public static String missing(Path root) {
        return "backup root " + root + " is not mounted or was replaced: marker missing";
    }

    /** Why a root whose marker names another id cannot be used. */
    public static String foreign(Path root) {
        return "backup root " + root + " is not mounted or was replaced: its marker belongs to another backup root";
    }
}
