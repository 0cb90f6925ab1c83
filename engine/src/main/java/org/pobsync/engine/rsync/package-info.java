/**
 * rsync: the command line, its output, and what its exit code means.
 *
 * <h2>The command ({@link org.pobsync.engine.rsync.RsyncCommand})</h2>
 * A pure function of the request. The fixed options and why:
 * <ul>
 * <li>{@code -a -H --numeric-ids}: permissions, times, symlinks, devices and owners, hard
 *     links, and owners as numbers (the backup server's user names mean nothing for the host).
 * <li>{@code --super}, only when the process is not root but holds {@code CAP_CHOWN} (the
 *     production worker: the {@code pobsync} user with systemd's ambient capabilities): rsync
 *     keeps owners only when it thinks it is root, and decides that from its uid
 *     ({@link org.pobsync.engine.rsync.ReceiverPrivileges}).
 * <li>{@code --delete --delete-excluded}: with {@code --link-dest} the destination starts
 *     empty, so these only matter if a destination is ever reused; they keep a snapshot an
 *     exact image of the source either way.
 * <li>{@code --relative}: {@code /etc} lands in {@code data/etc}, so several source paths never
 *     collide and a restore knows where a file came from.
 * <li>{@code --protect-args}: file names travel inside the rsync protocol, not through the
 *     remote shell, so a name with spaces, quotes or {@code $(...)} is just a name. The one
 *     exception is a host whose key is restricted to rrsync, which refuses this option: its
 *     extra options carry {@code --no-protect-args}, the option is then left out, and rsync
 *     (3.2.4 and later) backslash-escapes the arguments for the remote side instead.
 * <li>{@code --timeout=N}: rsync gives up when no data moves for N seconds, exit 30. It does
 *     not cover every stall (the receiving side leaves the decision to the sender, which may be
 *     the one that is frozen), so the ssh keep-alives above and the engine's progress watchdog
 *     ({@link org.pobsync.engine.backup}) enforce the same limit.
 * <li>{@code --info=progress2 --itemize-changes --stats}: one overall progress display (parsed
 *     by {@link org.pobsync.engine.rsync.RsyncProgressParser}, kept out of the log), one line
 *     per created or changed entry (unchanged, hard-linked files print nothing, so an
 *     incremental run of 20,000 files logs only what changed), and the totals parsed by
 *     {@link org.pobsync.engine.rsync.RsyncStatsParser}. rsync prints a progress update per
 *     file; they are recognised by shape without a regular expression and only the latest is
 *     parsed (docs/decisions.md).
 * <li>{@code --link-dest=<base>/data}: unchanged files become hard links to the base; only for
 *     the hardlink store (the btrfs store starts from a snapshot of the base instead).
 * <li>{@code -e "ssh ..."}: the options of {@link org.pobsync.engine.ssh.SshCommandLine}, the
 *     same the connection test uses: BatchMode (never prompt), StrictHostKeyChecking against
 *     pobsync's own known_hosts file only (GlobalKnownHostsFile=/dev/null), IdentitiesOnly with
 *     pobsync's key, a connect timeout, and keep-alives that end the connection once the host
 *     has not answered for the host's I/O timeout. rsync splits this string itself at spaces,
 *     honouring quotes, so server paths with spaces are quoted for that parser.
 * <li>{@code --} before the sources: nothing after it can be read as an option.
 * </ul>
 * Host-controlled values are validated ({@link org.pobsync.engine.rsync.HostValues},
 * {@link org.pobsync.engine.rsync.RsyncOptions}) so they can never become options or
 * commands: the address may not start with '-' or contain anything but host name and IP
 * characters, paths are absolute and normalized without wildcards, excludes are attached to
 * {@code --exclude=} and may not be filter rules, extra options come from an allowlist.
 *
 * <h2>Exit codes ({@link org.pobsync.engine.rsync.RsyncExitCode})</h2>
 * 0 complete; 24 complete with a warning (files vanished while being read: normal on a live
 * system, and the snapshot holds exactly what existed); 23 partial with a warning (some files
 * could not be read; the rest is good and worth keeping as a base), but a failure when every
 * source path was missing (nothing was backed up); anything else is a failure and the snapshot
 * stays incomplete. {@link org.pobsync.engine.rsync.ErrorSummary} turns the code and the last
 * error lines into an operator's sentence.
 */
package org.pobsync.engine.rsync;
