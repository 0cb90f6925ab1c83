/**
 * Discovery: what snapshots exist under the backup root (SPEC §6), read-only.
 *
 * <h2>What counts as a snapshot</h2>
 * {@code <root>/<host>/<name>} and {@code <root>/<host>/<name>.incomplete}, where the host
 * directory's name is a valid host name and {@code <name>} a snapshot name
 * ({@code YYYYMMDDTHHMMSSZ}); both must be real directories, not symlinks. Everything else (the
 * per-host {@code .lock}, {@code lost+found}, an operator's notes) is ignored. A {@code
 * .incomplete} directory is always incomplete; a renamed one is complete unless its
 * snapshot.json says partial, because the rename is the commit point. Details come from
 * snapshot.json when it can be read (tolerantly, field by field), otherwise from the name.
 *
 * <h2>Sizes, in one pass per host</h2>
 * {@link org.pobsync.engine.discovery.SnapshotSizes} is the one definition of a snapshot's files,
 * size and unique bytes (docs/design.md, "Disk use"); a backup measures its new snapshot with the
 * same walk ({@code SnapshotSizes.measure}). Each snapshot's {@code data/} tree is walked once
 * (several trees at a time, one per core up to four) by directory handle
 * ({@code engine.tree.TreeWalk}: our own directory stack, one statx per entry relative to its
 * directory, never following links, never crossing a mount point, no path too deep). Only
 * regular files count: their names for {@code files}, their inodes once per snapshot for
 * {@code totalBytes} (apparent size). Whether an inode is unique to the snapshot is read from its
 * link count: when it has no more links than names in the snapshot, nothing else holds it and
 * deleting the snapshot frees it. That needs no look at other snapshots, so a single snapshot can
 * be measured on its own. What each snapshot <em>added</em> (inodes no older snapshot holds) does
 * need the others: inodes with more than one link are matched in snapshot order in a primitive
 * open-addressing table, so memory grows with the number of linked inodes, never with an object
 * per file. See {@link org.pobsync.engine.discovery.HostSizer}. btrfs snapshots share extents,
 * not inodes: their unique bytes are btrfs's exclusive bytes and their added bytes are unknown.
 */
package org.pobsync.engine.discovery;
