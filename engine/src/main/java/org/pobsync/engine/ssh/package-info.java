/**
 * pobsync's ssh credentials: its own key pair, the host keys it trusts, and the connection test.
 *
 * <h2>Trust model</h2>
 * pobsync logs in to every host with one ed25519 key of its own ({@link
 * org.pobsync.engine.ssh.ServerKeyStore}) and trusts a host only through a key pinned in its own
 * known_hosts file ({@link org.pobsync.engine.ssh.KnownHostsFile}), never the system's or root's.
 * Pinning is an operator decision: {@link org.pobsync.engine.ssh.HostKeyScanner} fetches what the
 * host offers and shows fingerprints; the application stores the confirmed keys in its database
 * and rewrites the file from the database on every change. Every ssh call then runs with
 * BatchMode, StrictHostKeyChecking=yes and that file ({@link org.pobsync.engine.ssh.SshCommandLine}),
 * so an unpinned or changed key stops a backup before any data moves.
 *
 * <h2>Failures</h2>
 * {@link org.pobsync.engine.ssh.SshFailure#classify} turns ssh's exit code and stderr into a
 * reason and one sentence an operator can act on (unreachable, authentication refused, host key
 * unknown or changed, rsync or sudo missing, a restricting rrsync). It is pure so it can be
 * table-tested, and it reads rsync's stderr too, since rsync passes ssh's messages through.
 * {@link org.pobsync.engine.ssh.ConnectionProbe} uses it for {@code rsync --version} over the same
 * ssh options a backup uses.
 *
 * <h2>Processes</h2>
 * ssh, ssh-keygen and ssh-keyscan are started by the engine's one process runner ({@link
 * org.pobsync.engine.process.ProcessRunner}): argument lists, never a shell, stdin closed, output
 * drained, a timeout that ends the whole process tree. Host-controlled values pass {@link
 * org.pobsync.engine.ssh.SshArguments} first so they cannot become options or known_hosts patterns.
 */
package org.pobsync.engine.ssh;
