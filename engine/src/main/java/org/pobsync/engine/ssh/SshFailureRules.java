package org.pobsync.engine.ssh;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pobsync.engine.ssh.SshFailure.Context;
import org.pobsync.engine.ssh.SshFailure.Reason;
import org.pobsync.engine.ssh.SshFailure.Rule;

/**
 * The rules of {@link SshFailure#recognize}, in priority order, each with the one sentence an
 * operator reads. The stderr they match was captured from OpenSSH 9.2, sudo 1.9, rrsync, bash,
 * dash and zsh (src/test/resources/rsync-output).
 */
final class SshFailureRules {

    private static final String CONNECT = "^ssh: connect to host \\S+ port (\\d{1,5}): ";
    private static final Pattern CLOSED_BY = Pattern.compile("^Connection (?:closed|reset) by \\S+ port (\\d{1,5})");
    private static final Pattern OFFERED = Pattern.compile("^(SHA256:[A-Za-z0-9+/]+)\\.?$");
    private static final Pattern OFFERED_TYPE = Pattern.compile("^The fingerprint for the (\\S+) key sent by the remote host is");
    private static final Pattern OFFENDING = Pattern.compile("^Offending \\S+ key in (.+):(\\d{1,9})$");

    private SshFailureRules() {
    }

    static final List<Rule> RULES = List.of(
            rule("REMOTE HOST IDENTIFICATION HAS CHANGED|^Host key for \\S+ has changed", SshFailureRules::hostKeyChanged),
            rule("^No \\S+ host key is known for |^Host key verification failed", Reason.HOST_KEY_UNKNOWN,
                    "host key not pinned: scan and pin it first"),
            rule(CONNECT + "Connection refused", (m, lines, c) -> SshFailure.connectionRefused(port(m, c))),
            rule(CONNECT + "(?:Connection|Operation) timed out|^Connection to \\S+ port (\\d{1,5}) timed out",
                    (m, lines, c) -> SshFailure.connectionTimedOut(port(m, c))),
            rule("^Connection timed out during banner exchange",
                    (m, lines, c) -> SshFailure.connectionTimedOut(c.port())),
            rule(CONNECT + "No route to host", (m, lines, c) -> SshFailure.noRoute()),
            rule(CONNECT + "Network is unreachable", (m, lines, c) -> SshFailure.networkUnreachable()),
            rule("^ssh: Could not resolve hostname (\\S+?):", (m, lines, c) -> SshFailure.nameDoesNotResolve(m.group(1))),
            rule("^(kex|ssh)_exchange_identification:", (m, lines, c) -> SshFailure.unreachable("port "
                    + closedByPort(lines, c) + " closed the connection before the ssh handshake (is an ssh server"
                    + " listening there, and does it accept this server?)")),
            rule("^Timeout, server \\S+ not responding", (m, lines, c) -> SshFailure.stoppedResponding(c.silenceLimit(), null)),
            rule("^Connection to \\S+ closed by remote host", Reason.CONNECTION_LOST,
                    "the host closed the connection (its sshd was restarted or stopped, or the host went down)"),
            rule("UNPROTECTED PRIVATE KEY FILE|^Load key \".*\": bad permissions", Reason.KEY_UNUSABLE,
                    "the server's private key cannot be used: its permissions are too open (it must be"
                            + " readable by its owner only)"),
            rule("^Warning: Identity file (.+) not accessible", (m, lines, c) -> new SshFailure(Reason.KEY_UNUSABLE,
                    "the server's private key cannot be used: " + m.group(1) + " is missing or unreadable", null)),
            rule("^Load key \".*\": (invalid format|error in libcrypto)", Reason.KEY_UNUSABLE,
                    "the server's private key cannot be used: it is not a valid private key"),
            rule("^[^\\s\"]+: Permission denied \\([a-z][a-z,-]*\\)\\.?$"
                    + "|^Received disconnect from .*Too many authentication failures", Reason.AUTH_REFUSED,
                    "authentication refused: the server's public key is not in the remote user's authorized_keys"),
            rule("\\bsudo: (command )?not found|command not found: sudo\\b|Unknown command:? .?sudo\\b",
                    Reason.SUDO_REFUSED, "sudo is not installed on the remote host"),
            rule("^sudo: (a password is required|a terminal is required|no tty present)|you must have a tty",
                    Reason.SUDO_REFUSED, "sudo refused: it asks this user for a password; allow the user to run"
                            + " rsync without one (NOPASSWD in sudoers)"),
            rule("is not in the sudoers file|is not allowed to execute|may not run sudo", Reason.SUDO_REFUSED,
                    "sudo refused: the remote user may not run rsync with sudo"),
            rule("\\brsync: (command )?not found|command not found: rsync\\b|Unknown command:? .?rsync\\b",
                    Reason.RSYNC_MISSING, SshFailure.RSYNC_MISSING),
            rule("rrsync error: (.+)$", (m, lines, c) -> rrsync(m.group(1).trim())));

    private static Rule rule(String regex, SshFailure.Describer describer) {
        return new Rule(Pattern.compile(regex), describer);
    }

    private static Rule rule(String regex, Reason reason, String message) {
        return rule(regex, (m, lines, c) -> new SshFailure(reason, message, null));
    }

    /** The port ssh names on the telling line, else the one the caller connected to. */
    private static int port(Matcher telling, Context context) {
        for (int g = 1; g <= telling.groupCount(); g++) {
            if (telling.group(g) != null && telling.group(g).chars().allMatch(Character::isDigit)) {
                return Integer.parseInt(telling.group(g));
            }
        }
        return context.port();
    }

    private static int closedByPort(List<String> lines, Context context) {
        for (String line : lines) {
            Matcher m = CLOSED_BY.matcher(line.strip());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return context.port();
    }

    private static SshFailure rrsync(String refusal) {
        if (refusal.startsWith("option -s ")) {
            return new SshFailure(Reason.COMMAND_RESTRICTED, "the host's key is restricted to rrsync, which refuses"
                    + " --protect-args: give the host the extra rsync option --no-protect-args", null);
        }
        return new SshFailure(Reason.COMMAND_RESTRICTED, "the host's key is restricted to rrsync, which refused: "
                + refusal, null);
    }

    /**
     * Names both keys where they are known: the offered one from ssh's warning, the pinned one from
     * the line of the managed known_hosts file ssh calls offending (only that file is read).
     */
    private static SshFailure hostKeyChanged(Matcher telling, List<String> lines, Context context) {
        String type = null;
        String offered = null;
        String pinned = null;
        for (String raw : lines) {
            String line = raw.strip();
            Matcher t = OFFERED_TYPE.matcher(line);
            if (t.find()) {
                type = t.group(1);
            }
            Matcher o = OFFERED.matcher(line);
            if (o.matches() && offered == null) {
                offered = o.group(1);
            }
            Matcher p = OFFENDING.matcher(line);
            if (p.matches() && pinned == null) {
                pinned = pinnedFingerprint(context.knownHostsFile(), p.group(1), p.group(2)).orElse(null);
            }
        }
        StringBuilder message = new StringBuilder("host key changed since it was pinned: ");
        if (offered != null) {
            message.append("the host now offers ").append(type != null ? type + " key " : "").append(offered);
            message.append(pinned != null ? ", the pinned key is " + pinned : "").append("; ");
        }
        message.append("verify the host and re-pin");
        return new SshFailure(Reason.HOST_KEY_CHANGED, message.toString(), null);
    }

    private static Optional<String> pinnedFingerprint(Path knownHostsFile, String file, String line) {
        try {
            if (knownHostsFile == null || !Path.of(file).equals(knownHostsFile.toAbsolutePath().normalize())) {
                return Optional.empty();
            }
            return KnownHostsFile.keyAtLine(knownHostsFile, Integer.parseInt(line)).map(HostKey::fingerprint);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
