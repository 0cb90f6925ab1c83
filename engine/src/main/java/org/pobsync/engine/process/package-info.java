/**
 * Starting other programs, the one way pobsync does it.
 *
 * <ul>
 * <li>A {@link org.pobsync.engine.process.ProcessCommand} is an argument list, an explicit
 *     environment and a working directory. There is no shell: argv[0] is executed directly and
 *     every argument reaches it unchanged, so no character in a path can become syntax.
 * <li>The environment is explicit, not inherited: stray RSYNC_* or SSH_* variables of the
 *     server would otherwise change rsync's and ssh's behaviour unseen. The standard one has
 *     PATH, HOME and a UTF-8 C locale (English messages the error summary can read).
 * <li>stdin is {@code /dev/null}; stdout and stderr are drained on two threads, line by line
 *     (at {@code \n}, {@code \r\n} and a lone {@code \r}, which is how rsync overwrites its
 *     progress display), each line capped at 8 KiB. A child can never block on a full pipe, and
 *     memory never depends on how much it prints.
 * <li>{@link org.pobsync.engine.process.RunningProcess#terminate} ends the process tree:
 *     descendants are collected first (after the parent dies they are re-parented and cannot
 *     be found from it), all get SIGTERM, and whatever is left after the grace period gets
 *     SIGKILL. Zombies count as gone: where PID 1 does not reap orphans they would otherwise
 *     look alive forever.
 * <li>A wall-clock timeout, when given, terminates the tree the same way and marks the result
 *     timed out. Backups do not use one (a large first backup can legitimately take a day; the
 *     engine ends a stalled one by watching its progress instead, using
 *     {@link org.pobsync.engine.process.ProcessIo}'s read counters); short commands must.
 * <li>There is no second runner and no second way to end a tree: ssh, ssh-keygen and
 *     ssh-keyscan go through {@link org.pobsync.engine.process.ProcessRunner#run} like rsync, and
 *     a process another JVM left behind is ended with
 *     {@link org.pobsync.engine.process.ProcessTree#terminateIfRunning}.
 * </ul>
 */
package org.pobsync.engine.process;
