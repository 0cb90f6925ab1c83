package org.pobsync.engine.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.engine.SshTarget;

/**
 * The one place pobsync's ssh options are built, for the connection test's {@code ssh} argument
 * list and for the {@code -e} command rsync runs. A pure function, so the safety options can be
 * table-tested without ssh.
 *
 * <p>Why each option is there: BatchMode never prompts (a backup has no one to answer);
 * StrictHostKeyChecking=yes with our own UserKnownHostsFile means only keys pinned in the managed
 * file are trusted; GlobalKnownHostsFile=/dev/null keeps /etc/ssh/ssh_known_hosts from trusting
 * a key we never pinned; UpdateHostKeys=no keeps ssh from writing into a file that is regenerated
 * from the database; ConnectTimeout bounds the TCP connect and the banner exchange;
 * ServerAliveInterval and ServerAliveCountMax end a connection whose host stopped answering
 * (below); IdentitiesOnly=yes offers only pobsync's key, not an agent's.
 *
 * <p>Keep-alives: a host whose sshd is frozen (stopped, swapped to death, a dead network path
 * that still holds the TCP session) leaves rsync waiting forever: rsync's own {@code --timeout}
 * does not fire on the receiving side (measured with rsync 3.5.0: a SIGSTOPped sshd session kept
 * a backup hanging for 10 minutes). ssh's keep-alives go through the encrypted channel and need
 * the remote sshd to answer, so ssh gives up after about {@code interval * count} seconds of
 * silence. Both are derived from how long the caller allows the host to stay silent (a backup:
 * the host's I/O timeout), so ssh never gives up before that and not much later.
 */
public final class SshCommandLine {

    /** A longer interval could let a stateful firewall forget an idle connection. */
    static final long MAX_KEEPALIVE_INTERVAL_SECONDS = 60;

    private SshCommandLine() {
    }

    /**
     * The options of every ssh call to {@code target}, without the program name and destination,
     * one argument per element.
     *
     * @param silenceLimit how long the host may send nothing before ssh gives up on it
     */
    public static List<String> options(SshTarget target, Duration silenceLimit) {
        SshArguments.requirePort(target.port());
        KeepAlive keepAlive = KeepAlive.within(silenceLimit);
        return List.of(
                "-p", String.valueOf(target.port()),
                "-i", SshArguments.requireOptionPath(target.identityFile()),
                "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes",
                // ssh splits this option's value into several files at spaces; quotes keep it one.
                "-o", "UserKnownHostsFile=" + quoteIfSpaced(SshArguments.requireOptionPath(target.knownHostsFile())),
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "UpdateHostKeys=no",
                "-o", "ConnectTimeout=" + wholeSeconds(target.connectTimeout()),
                "-o", "ServerAliveInterval=" + keepAlive.intervalSeconds(),
                "-o", "ServerAliveCountMax=" + keepAlive.count(),
                "-o", "IdentitiesOnly=yes");
    }

    /**
     * {@code ssh OPTIONS -l USER -- ADDRESS COMMAND...}. The {@code --} ends option parsing, so
     * nothing after it (address or remote command) can be taken as an ssh option.
     */
    public static List<String> argv(SshTarget target, Duration silenceLimit, List<String> remoteCommand) {
        List<String> argv = new ArrayList<>();
        argv.add("ssh");
        argv.addAll(options(target, silenceLimit));
        argv.add("-l");
        argv.add(SshArguments.requireUser(target.user()));
        argv.add("--");
        argv.add(SshArguments.requireAddress(target.address()));
        argv.addAll(remoteCommand);
        return List.copyOf(argv);
    }

    /**
     * ssh's keep-alive settings for a silence limit: at most a minute between keep-alives, and
     * enough of them that {@code interval * count} is at least the limit.
     */
    record KeepAlive(long intervalSeconds, long count) {

        static KeepAlive within(Duration silenceLimit) {
            long limit = wholeSeconds(silenceLimit);
            long interval = Math.min(MAX_KEEPALIVE_INTERVAL_SECONDS, Math.max(1, (limit + 2) / 3));
            long count = Math.max(1, (limit + interval - 1) / interval);
            return new KeepAlive(interval, count);
        }
    }

    /** Rounded up, and at least one: ssh reads 0 as "no limit". */
    static long wholeSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static String quoteIfSpaced(String path) {
        return path.indexOf(' ') >= 0 ? "\"" + path + "\"" : path;
    }
}
