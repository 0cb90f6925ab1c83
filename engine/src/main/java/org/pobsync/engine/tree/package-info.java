/**
 * Reading, walking and removing snapshot trees by directory handle: the one way pobsync touches
 * what is inside a snapshot (browse, download, discovery's sizes, pruning).
 *
 * <h2>Why by handle</h2>
 * A snapshot holds whatever the host had: symlinks pointing anywhere ({@code /etc/shadow},
 * {@code ../../..}), names that are not UTF-8 or contain newlines, and directories nested deeper
 * than PATH_MAX (4096 bytes), which no absolute path can reach ({@code File name too long}).
 * So nothing here builds an absolute path below a snapshot: a {@link
 * org.pobsync.engine.tree.DirectoryHandle} is an open directory descriptor, and every name is
 * looked up relative to it ({@code openat}, {@code statx}, {@code readlinkat}, {@code unlinkat})
 * with {@code O_NOFOLLOW}/{@code AT_SYMLINK_NOFOLLOW}. A symlink is an entry to show or archive,
 * never a way to somewhere else; a directory on another device is a mount point, not part of
 * the snapshot. Names are bytes ({@link org.pobsync.engine.tree.EntryName}), with one reversible
 * text form used by the panel, the CLI, URLs and the API.
 *
 * <h2>How</h2>
 * The JDK's {@code SecureDirectoryStream} can open and unlink relative to a descriptor, but
 * cannot read a symlink, the full mode (setuid), numeric owners or the link count that way, and
 * turns names into lossy strings. So {@code LibC} maps the few system calls directly with JNA;
 * only calls whose structures are the same on every 64-bit Linux ({@code statx},
 * {@code getdents64}) are used. Files are read through {@code /proc/self/fd/N} of a descriptor
 * opened with {@code O_NOFOLLOW | O_NONBLOCK} and checked to be a regular file, so a Java
 * {@code FileChannel} reads exactly that file.
 *
 * <ul>
 *   <li>{@link org.pobsync.engine.tree.SnapshotTree}: a snapshot's {@code data/} opened from the
 *       backup root by handle, and paths ({@link org.pobsync.engine.tree.SnapshotPath}) resolved
 *       inside it one name at a time.</li>
 *   <li>{@link org.pobsync.engine.tree.TreeWalk}: depth first with our own stack of open
 *       directories (one descriptor per level), one statx per entry, for searches, archives and
 *       sizes. Deletion ({@code engine.prune}) runs its own loop on the same handles, because it
 *       needs no stat for a file the directory already lists as one.</li>
 * </ul>
 */
package org.pobsync.engine.tree;
