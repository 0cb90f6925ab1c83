/**
 * Pruning's destructive half: removing one snapshot directory. Which snapshots to remove is
 * retention's decision (engine.retention); marking records {@code deleting}/{@code deleted},
 * the max-delete bound and the host lock are the application's.
 *
 * <h2>How a snapshot is removed</h2>
 * <ol>
 *   <li>Refuse any path that is not {@code <root>/<host>/<name>} or
 *       {@code <root>/<host>/<name>.incomplete} of the deleter's own root (checked on the
 *       normalized path, before touching the disk).</li>
 *   <li>Open the root, then the host directory, then the snapshot directory, each relative to
 *       the previous one's handle with O_NOFOLLOW ({@code engine.tree.DirectoryHandle}). A
 *       symlinked host or snapshot directory is refused; from here on no path is ever resolved
 *       from the top again, so no symlink, even one swapped in meanwhile, can lead outside, and
 *       no path is ever too long (a tree deeper than PATH_MAX is removed like any other).</li>
 *   <li>Walk depth first with a stack of open directories. For each entry the directory lists as
 *       a non-directory, unlinkat, which is all a file or symlink costs (as with {@code rm -rf});
 *       a listed directory is opened (O_NOFOLLOW), emptied and removed; only when the directory
 *       does not say, or a call fails, is the entry looked at with an lstat.
 *       A directory on another device is a mount point: refuse rather than empty someone
 *       else's filesystem.</li>
 *   <li>When the kernel refuses (EACCES: rsync reproduced a read-only or unreadable directory
 *       mode), give that directory u+rwx and try again, once. Only directories are ever
 *       chmodded: a file is usually a hard link shared with other snapshots.</li>
 *   <li>Entries that are already gone are fine: a prune killed halfway leaves a partial tree,
 *       and the next prune (the record still says {@code deleting}) finishes it. A snapshot
 *       directory that no longer exists is reported as {@code existed=false}.</li>
 * </ol>
 */
package org.pobsync.engine.prune;
