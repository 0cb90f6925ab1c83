package org.pobsync.engine.ssh;

import java.util.ArrayList;
import java.util.List;
import org.pobsync.engine.SshTarget;

/**
 * Builds the ssh argument list pobsync uses to reach a host. A pure function, so the safety
 * options can be table-tested without ssh.
 *
 * <p>Why each option is there: BatchMode never prompts (a backup has no one to answer);
 * StrictHostKeyChecking=yes with our own UserKnownHostsFile means only keys pinned in the managed
 * file are trusted; GlobalKnownHostsFile=/dev/null keeps /etc/ssh/ssh_known_hosts from trusting
 * a key we never pinned; UpdateHostKeys=no keeps ssh from writing into a file that is regenerated
 * from the database; IdentitiesOnly=yes offers only pobsync's key, not an agent's.
 */
public final class SshCommandLine {

    private SshCommandLine() {
    }

    /** The options shared by every ssh call to {@code target}, without the program name and destination. */
    public static List<String> options(SshTarget target) {
        SshArguments.requirePort(target.port());
        long timeoutSeconds = Math.max(1, (target.connectTimeout().toMillis() + 999) / 1000);
        return List.of(
                "-p", String.valueOf(target.port()),
                "-i", SshArguments.requireOptionPath(target.identityFile()),
                "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + SshArguments.requireOptionPath(target.knownHostsFile()),
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "UpdateHostKeys=no",
                "-o", "ConnectTimeout=" + timeoutSeconds,
                "-o", "IdentitiesOnly=yes");
    }

    /**
     * {@code ssh OPTIONS -l USER -- ADDRESS COMMAND...}. The {@code --} ends option parsing, so
     * nothing after it (address or remote command) can be taken as an ssh option.
     */
    public static List<String> argv(SshTarget target, List<String> remoteCommand) {
        List<String> argv = new ArrayList<>();
        argv.add("ssh");
        argv.addAll(options(target));
        argv.add("-l");
        argv.add(SshArguments.requireUser(target.user()));
        argv.add("--");
        argv.add(SshArguments.requireAddress(target.address()));
        argv.addAll(remoteCommand);
        return List.copyOf(argv);
    }
}
