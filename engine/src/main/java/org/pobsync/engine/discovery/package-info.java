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
 * Each snapshot tree is walked once (several trees at a time, one per core up to four) by
 * directory handle ({@code engine.tree.TreeWalk}: our own directory stack, one statx per entry
 * relative to its directory, never following links, never crossing a mount point, no path too
 * deep).
 * Only regular files count: their names for {@code files}, their inodes once per snapshot for
 * {@code totalBytes} (apparent size). {@code uniqueBytes} needs to know whether any other
 * snapshot of the host links the same inode: a file with a single link cannot be shared and
 * needs no lookup; inodes with more links are tracked in a primitive open-addressing table
 * (inode → last snapshot seen, shared flag), filled in snapshot order on one thread, so memory
 * grows with the number of linked inodes, never with an object per file. See {@link org.pobsync.engine.discovery.HostSizer}.
 */
package org.pobsync.engine.discovery;
