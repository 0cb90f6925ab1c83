/**
 * Downloads of a directory or a selection as one archive, streamed while the snapshot is walked
 * by handle ({@code engine.tree}): {@code .tar.gz} with exact names, modes, numeric owners,
 * mtimes, symlinks, hard links, devices and FIFOs (GNU tar extracts it into the same tree, as
 * {@code rsync -aHnci} judges it), or {@code .zip} for desktops without tar (no hard links, no
 * special files). Apache Commons Compress writes the formats (docs/decisions.md); pobsync only
 * decides what goes in and in which order. Memory stays flat: one 64 KiB buffer per archive, plus
 * a bounded table of the multiply-linked files seen so far.
 */
package org.pobsync.engine.archive;
