/**
 * The snapshots on disk, the metadata beside them, and the per-host lock.
 *
 * <pre>
 * &lt;root&gt;/&lt;host&gt;/&lt;name&gt;/data/...            the pulled files (data/etc/..., data/home/...)
 * &lt;root&gt;/&lt;host&gt;/&lt;name&gt;/snapshot.json       metadata ({@link org.pobsync.engine.layout.SnapshotMetadata})
 * &lt;root&gt;/&lt;host&gt;/&lt;name&gt;.incomplete/         while running, and after a failure
 * &lt;root&gt;/&lt;host&gt;/.lock                      per-host lock ({@link org.pobsync.engine.layout.HostLock})
 * </pre>
 *
 * <ul>
 * <li>Names are the UTC start second ({@code 20261123T021500Z}); they sort as strings in time
 *     order. A name already taken by a finished or an incomplete snapshot moves forward a
 *     second.
 * <li>The state of a snapshot is read from the directory first: an {@code .incomplete} suffix
 *     means incomplete whatever snapshot.json says. A renamed directory is complete or partial
 *     as its metadata says; one without metadata counts as complete (only a finished run
 *     renames), one with unreadable metadata as incomplete (pobsync cannot vouch for it).
 * <li>snapshot.json is written to a temporary file, fsynced, and atomically moved into place.
 *     Readers ignore unknown fields, so files from newer versions still read.
 * <li>Listing never follows symbolic links, and host names are validated before they become a
 *     path, so nothing outside the backup root is ever listed, linked against or written.
 * <li>The lock is an OS file lock (it dies with its process, so a crash never leaves a host
 *     locked) plus a registry of locks held by this JVM. The registry is required for
 *     correctness: on Linux, closing any file channel of the lock file drops every lock this
 *     process holds on it, so a second attempt must be refused before it opens a channel. Every
 *     user of the lock file, backup and prune alike, goes through {@code HostLock}.
 * </ul>
 */
package org.pobsync.engine.layout;
