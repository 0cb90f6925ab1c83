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
 * reason and one sentence an operator can act on (unreachable, stopped responding, connection
 * lost, authentication refused, host key unknown or changed with both fingerprints, the
 * server's key unusable, rsync or sudo missing or refusing, a restricting rrsync). It is the
 * only place these sentences are worded: {@link org.pobsync.engine.ssh.ConnectionProbe} uses it
 * for {@code rsync --version} over the same ssh options a backup uses, and a backup's error
 * summary ({@code engine.rsync.ErrorSummary}) hands it rsync's stderr, which carries ssh's
 * messages through, before adding what only a transfer can run into. The rules are table-tested
 * against stderr captured from the real programs.
 *
 * <h2>Processes</h2>
 * ssh, ssh-keygen and ssh-keyscan are started by the engine's one process runner ({@link
 * org.pobsync.engine.process.ProcessRunner}): argument lists, never a shell, stdin closed, output
 * drained, a timeout that ends the whole process tree. Host-controlled values pass {@link
 * org.pobsync.engine.ssh.SshArguments} first so they cannot become options or known_hosts patterns.
 */
package org.pobsync.engine.ssh;
