package org.pobsync.engine.ssh;

import java.util.regex.Pattern;

/**
 * A line to add to {@code ~/.ssh/authorized_keys} of the backup user on a remote host, with a
 * short explanation for the operator of what it allows.
 */
public record AuthorizedKeyLine(String line, String explanation) {

    /** Found through the PATH sshd gives a forced command; Debian 12+ installs /usr/bin/rrsync. */
    public static final String DEFAULT_RRSYNC = "rrsync";

    private static final Pattern RRSYNC_COMMAND = Pattern.compile("^[A-Za-z0-9_./-]+$");

    private static final String PLAIN_EXPLANATION = "Full access: pobsync logs in as this user and may run any"
            + " command. The simplest set-up, and the one to use when the host backs up with use_sudo"
            + " (the user then needs NOPASSWD for rsync in sudoers).";

    private static final String READ_ONLY_EXPLANATION = "Read-only: the key can only run rsync as a sender"
            + " through rrsync, so it can neither change files nor open a shell, and forwarding and terminals are"
            + " refused. Needs rrsync and python3 on the host (Debian 12 and later ship rrsync in the rsync"
            + " package as /usr/bin/rrsync; elsewhere copy it from rsync's support/ directory and put its path"
            + " in the line). rrsync refuses rsync's --protect-args (-s), which pobsync uses by default: give"
            + " the host the extra rsync option --no-protect-args (rsync 3.2.4 or later on both sides then"
            + " escapes file names itself). Limits: the login user must be able to read everything backed up"
            + " (no use_sudo), and the connection test cannot show the remote rsync version. Adding"
            + " from=\"<this server's address>\" also ties the key to this server.";

    /** The public key as is: full shell access for whoever holds the private key. */
    public static AuthorizedKeyLine plain(String publicKeyLine) {
        return new AuthorizedKeyLine(checked(publicKeyLine), PLAIN_EXPLANATION);
    }

    public static AuthorizedKeyLine readOnly(String publicKeyLine) {
        return readOnly(publicKeyLine, DEFAULT_RRSYNC);
    }

    /**
     * The key restricted to {@code rrsync -ro /}: read-only rsync of the whole file system and
     * nothing else. {@code rrsyncCommand} is rrsync's name or absolute path on that host.
     */
    public static AuthorizedKeyLine readOnly(String publicKeyLine, String rrsyncCommand) {
        if (rrsyncCommand == null || !RRSYNC_COMMAND.matcher(rrsyncCommand).matches()) {
            throw new IllegalArgumentException("not a command path for rrsync: " + rrsyncCommand);
        }
        String options = "command=\"" + rrsyncCommand + " -ro /\",no-pty,no-agent-forwarding,"
                + "no-port-forwarding,no-X11-forwarding";
        return new AuthorizedKeyLine(options + " " + checked(publicKeyLine), READ_ONLY_EXPLANATION);
    }

    /** One line, a valid key, and nothing that could smuggle options in front of it. */
    private static String checked(String publicKeyLine) {
        String line = publicKeyLine == null ? "" : publicKeyLine.strip();
        if (line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("a public key is one line");
        }
        HostKey.parse(line);
        return line;
    }
}
