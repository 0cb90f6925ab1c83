package org.pobsync.engine.prune;

import org.pobsync.engine.rsync.HostValues;

import java.io.IOException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.engine.tree.DirectoryHandle;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.EntryStat;
import org.pobsync.engine.tree.EntryType;

/**
 * Removes one snapshot directory as fast as {@code rm -rf}, but more carefully: it works only
 * on {@code <root>/<host>/<name>} or {@code <root>/<host>/<name>.incomplete} of the root it was
 * given, reaches that directory and everything below it through directory handles
 * ({@link DirectoryHandle}, opened with O_NOFOLLOW: no symlink, swapped in or not, can lead it
 * elsewhere, and no path is too long), never crosses
 * into another filesystem, makes read-only directories writable when the kernel refuses, and
 * treats what is already gone as done, so a prune killed halfway simply runs again. A snapshot
 * of the btrfs store (a subvolume) is deleted as a subvolume instead.
 */
public final class SnapshotDeleter {

    private static final String INCOMPLETE_SUFFIX = ".incomplete";

    private final Path root;
    private final Btrfs btrfs = new Btrfs();

    public SnapshotDeleter(Path backupRoot) {
        this.root = Objects.requireNonNull(backupRoot, "backupRoot").toAbsolutePath().normalize();
    }

    /**
     * Deletes the snapshot directory and everything in it.
     *
     * @throws IllegalArgumentException when the path is not a snapshot directory directly under a
     *                                  host directory of this deleter's backup root
     * @throws IOException              when the host or snapshot directory is a symlink or not a
     *                                  directory, a mount point lies inside, or something cannot
     *                                  be removed; what was removed stays removed, and running
     *                                  again continues where this run stopped
     */
    public DeletionResult delete(Path snapshotDir) throws IOException {
        Path dir = snapshotDir.toAbsolutePath().normalize();
        Path hostDir = dir.getParent();
        if (hostDir == null || !root.equals(hostDir.getParent())) {
            throw new IllegalArgumentException("refusing to delete " + snapshotDir
                    + ": not a snapshot directory directly under a host directory of " + root);
        }
        String host = hostDir.getFileName().toString();
        String name = dir.getFileName().toString();
        if (!HostValues.isHostName(host) || !isSnapshotDirectoryName(name)) {
            throw new IllegalArgumentException("refusing to delete " + snapshotDir
                    + ": not named like a host's snapshot (" + root + "/<host>/<YYYYMMDDTHHMMSSZ>[.incomplete])");
        }
        try (DirectoryHandle rootDir = DirectoryHandle.open(root)) {
            EntryName hostName = EntryName.literal(host);
            if (!isRealDirectory(rootDir, hostName, hostDir)) {
                return DeletionResult.ALREADY_GONE;
            }
            try (DirectoryHandle hostHandle = rootDir.openDirectory(hostName)) {
                EntryName snapshotName = EntryName.literal(name);
                if (!isRealDirectory(hostHandle, snapshotName, dir)) {
                    return DeletionResult.ALREADY_GONE;
                }
                if (Btrfs.isSubvolume(dir)) {
                    // A snapshot of the btrfs store: one call, however many files, and the only
                    // way into a read-only one.
                    btrfs.deleteSubvolume(dir);
                    return new DeletionResult(true, 0, 1);
                }
                return new TreeRemoval().removeTree(hostHandle, snapshotName);
            }
        }
    }

    private static boolean isSnapshotDirectoryName(String name) {
        String base = name.endsWith(INCOMPLETE_SUFFIX)
                ? name.substring(0, name.length() - INCOMPLETE_SUFFIX.length()) : name;
        return SnapshotName.parse(base).isPresent();
    }

    /**
     * True for a real directory, false when nothing is there.
     *
     * @throws NotDirectoryException for a symlink or anything else
     */
    private static boolean isRealDirectory(DirectoryHandle parent, EntryName name, Path shownAs)
            throws IOException {
        EntryStat attrs = parent.stat(name);
        if (attrs == null) {
            return false;
        }
        if (attrs.type() == EntryType.SYMLINK) {
            throw new NotDirectoryException(shownAs + " is a symlink; refusing to delete through it");
        }
        if (!attrs.isDirectory()) {
            throw new NotDirectoryException(shownAs + " is not a directory; refusing to delete it");
        }
        return true;
    }
}
