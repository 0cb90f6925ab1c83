package org.pobsync.engine.layout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.pobsync.engine.rsync.HostValues;

/**
 * Where things live under the backup root (see docs/design.md):
 * <pre>
 * &lt;root&gt;/&lt;host&gt;/&lt;name&gt;/data/...            the pulled files
 * &lt;root&gt;/&lt;host&gt;/&lt;name&gt;/snapshot.json       metadata
 * &lt;root&gt;/&lt;host&gt;/&lt;name&gt;.incomplete/         while running, and after a failure
 * &lt;root&gt;/&lt;host&gt;/.lock                      per-host lock
 * </pre>
 * Host names are validated before they become a path, so no host can point outside the root.
 * Listing never follows symbolic links: a link inside a host directory is not a snapshot.
 */
public final class SnapshotLayout {

    public static final String DATA_DIR = "data";
    public static final String INCOMPLETE_SUFFIX = ".incomplete";
    public static final String LOCK_FILE = ".lock";

    private final Path root;

    public SnapshotLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code <root>/<host>}; throws for a name that is not a valid host name. */
    public Path hostDir(String host) {
        HostValues.validateHostName(host);
        return root.resolve(host);
    }

    public Path snapshotDir(String host, SnapshotName name) {
        return hostDir(host).resolve(name.value());
    }

    public Path incompleteDir(String host, SnapshotName name) {
        return hostDir(host).resolve(name.value() + INCOMPLETE_SUFFIX);
    }

    public Path lockFile(String host) {
        return hostDir(host).resolve(LOCK_FILE);
    }

    public static Path dataDir(Path snapshotDir) {
        return snapshotDir.resolve(DATA_DIR);
    }

    /**
     * Creates {@code <root>/<host>} when missing, readable by the backup server's user only:
     * with {@code --numeric-ids} a host's file keeps its group number, which on the backup
     * server may be a group of other people, so the snapshots must not be reachable by anyone
     * else. The backup root itself must exist: a missing root usually means the backup disk is
     * not mounted, and creating it would fill the system disk instead.
     *
     * <p>Refuses a host directory that is a symbolic link: pobsync writes snapshots there and
     * must not be led somewhere else.
     */
    public Path createHostDir(String host) throws IOException {
        Path dir = hostDir(host);
        if (!Files.isDirectory(root)) {
            throw new IOException(missingRoot(root));
        }
        if (Files.isSymbolicLink(dir)) {
            throw new IOException("host directory " + dir + " is a symbolic link; refusing to write through it");
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException exists) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("host directory " + dir + " exists but is not a directory", exists);
            }
        } catch (IOException e) {
            throw new IOException("cannot create host directory " + FileErrors.describe(e), e);
        }
        return dir;
    }

    /** Why a backup root that is not there cannot be used: pobsync never creates it by itself. */
    public static String missingRoot(Path root) {
        return "backup root " + root + " does not exist or is not a directory (is the backup disk mounted?)";
    }

    /**
     * Every snapshot directory of a host, oldest first: entries named {@code <name>} or
     * {@code <name>.incomplete} with a valid snapshot name that are real directories. Anything
     * else (the lock file, a dry-run scratch directory, stray files, symbolic links) is ignored.
     */
    public List<SnapshotEntry> list(String host) throws IOException {
        Path dir = hostDir(host);
        List<SnapshotEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                entryFor(path).ifPresent(entries::add);
            }
        }
        entries.sort(Comparator.comparing(SnapshotEntry::name).thenComparing(SnapshotEntry::incomplete));
        return entries;
    }

    private static Optional<SnapshotEntry> entryFor(Path path) {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String fileName = path.getFileName().toString();
        boolean incomplete = fileName.endsWith(INCOMPLETE_SUFFIX);
        String nameText = incomplete ? fileName.substring(0, fileName.length() - INCOMPLETE_SUFFIX.length()) : fileName;
        Optional<SnapshotName> name = SnapshotName.parse(nameText);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Path metadataFile = SnapshotMetadataFile.fileIn(path);
        SnapshotMetadata metadata = null;
        String error = null;
        if (Files.exists(metadataFile, LinkOption.NOFOLLOW_LINKS)) {
            try {
                metadata = SnapshotMetadataFile.read(metadataFile);
            } catch (IOException e) {
                error = e.getMessage();
            }
        }
        return Optional.of(new SnapshotEntry(name.get(), path, incomplete, metadata, error));
    }

    /**
     * The snapshot a new backup links against: the newest one that is complete or partial and
     * has a real {@code data} directory. Never an {@code .incomplete} one: its files may be half
     * written, and linking against them would carry the damage into every later snapshot.
     */
    public Optional<SnapshotEntry> newestBase(String host) throws IOException {
        List<SnapshotEntry> entries = list(host);
        for (int i = entries.size() - 1; i >= 0; i--) {
            SnapshotEntry e = entries.get(i);
            if (e.usableAsBase() && Files.isDirectory(e.dataDir(), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * A name for a snapshot started at {@code startedAt}: its UTC second, moved forward one
     * second at a time while {@code <name>} or {@code <name>.incomplete} exists.
     */
    public SnapshotName uniqueName(String host, Instant startedAt) {
        SnapshotName name = SnapshotName.of(startedAt);
        while (Files.exists(snapshotDir(host, name), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(incompleteDir(host, name), LinkOption.NOFOLLOW_LINKS)) {
            name = name.plusSeconds(1);
        }
        return name;
    }
}
