package org.pobsync.engine.discovery;

import java.nio.file.Path;

/**
 * What one snapshot holds: pobsync's one definition of a snapshot's files and sizes
 * (docs/design.md, "Disk use"), counted over the backed-up files, {@code <snapshot>/data}.
 * Sizes are apparent sizes ({@code st_size}): a sparse file counts its full length, directories
 * and symlinks add nothing.
 *
 * @param files       regular-file names (two hard links inside the snapshot count twice, as
 *                    {@code find data -type f} would, and as rsync's "reg:" count does)
 * @param totalBytes  the snapshot's size: its regular files, each inode once however many names
 *                    it has in the snapshot, like {@code du -s --apparent-size}
 * @param uniqueBytes what deleting this snapshot alone frees. For a hard-linked snapshot: the part
 *                    of totalBytes in inodes that nothing outside the snapshot links to (their
 *                    link count is no more than their names inside it). For a btrfs snapshot: the
 *                    bytes btrfs counts as exclusive to it (extents no other snapshot or file
 *                    shares, see {@link SubvolumeSizes}), since subvolumes share extents, not inodes
 * @param unreadable  directories or entries that could not be read (vanished while measuring, or
 *                    permission denied); when non-zero the figures are lower bounds
 */
public record SnapshotSizes(long files, long totalBytes, long uniqueBytes, long unreadable) {

    /**
     * Measures one snapshot directory ({@code <root>/<host>/<name>} or its {@code .incomplete}
     * form) with one walk of its tree: one lstat per entry, no symlink followed, no mount point
     * crossed. A snapshot that has just been made is linked to by nothing newer, so its
     * uniqueBytes are then also the bytes it added (what its backup wrote, not hard-linked to
     * its base).
     */
    public static SnapshotSizes measure(Path snapshotDir) {
        return SnapshotWalk.ofSnapshot(snapshotDir).sizes();
    }

    /**
     * What {@code snapshotDir} added: the bytes of its inodes that {@code olderDir} (the next
     * older snapshot of the host; null when there is none) does not hold. A file lives in a
     * contiguous run of snapshots, since each backup links from the one before, so the next
     * older snapshot stands for all older ones. Walks both trees.
     */
    public static long addedSince(Path olderDir, Path snapshotDir) {
        if (olderDir == null) {
            return measure(snapshotDir).totalBytes();
        }
        HostSizer sizer = new HostSizer(1);
        sizer.measure(java.util.List.of(olderDir, snapshotDir));
        return sizer.addedBytes()[1];
    }
}
