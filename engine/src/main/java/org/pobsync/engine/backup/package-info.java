/**
 * The backup engine: one backup of one host, as rsync over ssh into a hard-linked snapshot.
 *
 * <h2>A run ({@link org.pobsync.engine.backup.BackupEngine#run})</h2>
 * <ol>
 * <li><b>Validate</b> every host-controlled value (address, user, paths, excludes, options)
 *     before anything touches the disk; a bad value is an
 *     {@link org.pobsync.engine.rsync.InvalidBackupConfigException}, never a command line.
 * <li><b>Lock the host</b> ({@code <root>/<host>/.lock}) for the whole run. Two runs of one host
 *     would pick the same base, race on names and could prune the snapshot the other links
 *     against; a busy host fails fast with {@link org.pobsync.engine.HostBusyException} instead
 *     of waiting, so a scheduler never piles up blocked workers.
 * <li><b>Pick the base</b>: the newest complete or partial snapshot. An {@code .incomplete}
 *     one is never a base: its files may be truncated or missing, and with {@code --link-dest}
 *     a damaged file that looks unchanged (same size and mtime) would be hard-linked into every
 *     later snapshot.
 * <li><b>Choose the snapshot store</b> ({@link org.pobsync.engine.store.StoreProbe}): hard
 *     links, or btrfs subvolumes where the backup root allows them. A forced store the root
 *     cannot have fails the run before anything is written.
 * <li><b>Begin {@code <name>.incomplete}</b> the store's way: an empty directory that rsync
 *     fills with {@code --link-dest} against the base, or a writable btrfs snapshot of the base
 *     that rsync brings up to date (a base of the other store: a reflinked copy, else a full
 *     copy). snapshot.json says "incomplete" from the first moment, so a crash at any point
 *     leaves a directory that nothing mistakes for a good snapshot.
 * <li><b>Run rsync</b>, streaming its output to the run log and the listener; ticks and
 *     cancel polls happen about once a second on the calling thread. Memory is bounded: only
 *     the latest progress, a 100-line tail and the last error lines are kept.
 * <li><b>Classify the exit code</b> ({@link org.pobsync.engine.rsync.RsyncExitCode}): 0 is
 *     complete; 24 (files vanished while being read) is complete with a warning; 23 (some
 *     files could not be read) is a partial snapshot with a warning, still a base, unless every
 *     source path was missing; anything else fails.
 * <li><b>Finish a good snapshot</b>: sync the file system, write the final snapshot.json inside
 *     the incomplete directory, let the store seal it (btrfs: read-only), then rename it to
 *     {@code <name>} atomically. The rename is the
 *     commit point: a directory without the suffix is always a finished snapshot. A failed or
 *     cancelled run keeps the suffix, records the exit code, and gets an error summary in
 *     operator words ({@link org.pobsync.engine.rsync.ErrorSummary}).
 * </ol>
 *
 * <h2>Cancel</h2>
 * When {@link org.pobsync.engine.BackupListener#cancelRequested()} says so (or the calling
 * thread is interrupted), rsync and all its descendants (ssh, and with sudo the rest) get
 * SIGTERM, and SIGKILL after the grace period; the result is CANCELLED and the snapshot stays
 * {@code .incomplete}. An interrupt is restored on the thread when run() returns.
 *
 * <h2>A host that stops responding</h2>
 * A frozen host (a stopped VM, a host swapping itself to death, a hung NFS mount under its rsync)
 * sends nothing and closes nothing, and rsync's own {@code --timeout} does not end the transfer:
 * the receiving side leaves that to the sender, which is the frozen one (measured with rsync
 * 3.5.0: a SIGSTOPped sshd session kept a backup running for 10 minutes). Two things end it
 * within about the host's I/O timeout ({@link org.pobsync.engine.BackupRequest#timeout}):
 * <ul>
 * <li>ssh's keep-alives ({@link org.pobsync.engine.ssh.SshCommandLine}), when the host's sshd
 *     stops answering;
 * <li>a progress watchdog ({@code StallWatch}), when only the host's rsync is stuck (its sshd
 *     still answers keep-alives): once a second the engine reads how many bytes rsync's own
 *     processes have read (Linux's {@code rchar}, which grows with every byte from the host and
 *     every local file rsync reads to compare) plus how much rsync printed. When neither has
 *     moved for longer than the timeout (plus the ssh connect timeout before rsync's first line,
 *     for a slow login), rsync's tree is ended like a cancel. Writes are not counted (rsync keeps
 *     writing keep-alives towards a frozen host) and neither is ssh (it reads the keep-alive
 *     answers of a live sshd above a frozen rsync). A silence longer than the timeout that is not
 *     a stall, such as the host checksumming a huge file for {@code --checksum}, needs a longer
 *     timeout, as it would with rsync's own.
 * </ul>
 * Either way the run fails with "the host stopped responding (no data for N s)"
 * ({@link org.pobsync.engine.rsync.ErrorSummary#stalled}), the snapshot stays
 * {@code .incomplete} and the host lock is released, so the next run starts normally.
 *
 * <h2>Dry run</h2>
 * rsync {@code --dry-run} against a hidden scratch destination that is removed afterwards,
 * linked against the same base, so the itemized log and the stats show what a real run would
 * transfer. No snapshot directory is left behind.
 */
package org.pobsync.engine.backup;
