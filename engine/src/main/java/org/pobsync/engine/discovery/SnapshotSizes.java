package org.pobsync.engine.discovery;

/**
 * What one snapshot holds on disk, counted over everything under its directory
 * ({@code data/} and {@code snapshot.json}).
 *
 * @param files       regular-file names (two hard links inside the snapshot count twice, as
 *                    {@code find -type f} would); directories, symlinks and device nodes are
 *                    not counted
 * @param totalBytes  apparent size ({@code st_size}) of the snapshot's regular files, each inode
 *                    counted once however many names it has in the snapshot, like {@code du
 *                    --apparent-size}; directories and symlinks add nothing, sparse files count
 *                    their full length
 * @param uniqueBytes for a btrfs snapshot, the bytes btrfs counts as exclusive to it (extents no
 *                    other snapshot or file shares, see {@link SubvolumeSizes}); otherwise
 *                    the part of totalBytes in inodes no other snapshot of the same host links to
 *                    (incomplete ones included): roughly what deleting this snapshot frees.
 *                    Links from outside the host's snapshots are not seen
 * @param unreadable  directories or entries that could not be read (vanished while scanning, or
 *                    permission denied); when non-zero the figures are lower bounds
 */
public record SnapshotSizes(long files, long totalBytes, long uniqueBytes, long unreadable) {
}
