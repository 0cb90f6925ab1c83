/**
 * Writing pobsync's own small files safely.
 *
 * <p>{@link org.pobsync.engine.io.AtomicFile} is write-to-temporary-and-rename, the usual
 * POSIX recipe, with the two flushes it needs to survive a power loss and not only a crash of
 * the process:
 * <ol>
 * <li>the temporary file is created next to the target (a rename across file systems would be a
 *     copy), with the final mode from the start, so a private key is never readable by others;
 * <li>its data is flushed ({@code fsync}) before the rename: ext4 and XFS may otherwise commit the
 *     rename first and leave the new name pointing at blocks that were never written;
 * <li>the rename replaces the old file in one step, so every reader sees the old file or the new
 *     one;
 * <li>the directory is flushed after the rename, or the rename itself may be lost and the old
 *     file come back after a reboot.
 * </ol>
 */
package org.pobsync.engine.io;
