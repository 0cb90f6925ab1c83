package org.pobsync.engine.ssh;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why an ssh call (or an rsync run over ssh) failed, in a sentence an operator can act on, plus
 * the stderr line it was read from.
 *
 * <p>{@link #classify} is a pure function of the exit code and stderr so it can be table-tested
 * and reused by anything that runs ssh underneath (the rsync runner: rsync passes ssh's stderr
 * through). It reads OpenSSH 9.x client messages and the common remote shells' "not found"
 * messages; the patterns are anchored on ssh's own wording so that a remote file error such as
 * rsync's "Permission denied (13)" is not mistaken for an ssh failure.
 */
public record SshFailure(Reason reason, String message, String detail) {

    public enum Reason {
        /** No ssh conversation: refused, timed out, no route, name does not resolve, not an ssh server. */
        UNREACHABLE,
        /** The remote sshd refused pobsync's key. */
        AUTH_REFUSED,
        /** Nothing is pinned for this host (and port) in the managed known_hosts file. */
        HOST_KEY_UNKNOWN,
        /** The host offered a key other than the pinned one. */
        HOST_KEY_CHANGED,
        /** ssh would not use pobsync's own private key (missing, unreadable, too open). */
        KEY_UNUSABLE,
        /** The remote shell found no rsync. */
        RSYNC_MISSING,
        /** sudo -n refused to run rsync (needs a password, not allowed, not installed). */
        SUDO_REFUSED,
        /** A forced command (rrsync) in authorized_keys refused what was asked. */
        COMMAND_RESTRICTED,
        /** Anything else; the message is the last stderr line. */
        OTHER
    }

    public SshFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        detail = detail == null ? "" : detail;
    }

    private record Rule(Pattern pattern, BiFunction<Matcher, Integer, SshFailure> failure) {
    }

    private static Rule rule(String regex, BiFunction<Matcher, Integer, SshFailure> failure) {
        return new Rule(Pattern.compile(regex), failure);
    }

    private static Rule rule(String regex, Reason reason, String message) {
        return rule(regex, (m, port) -> new SshFailure(reason, message, null));
    }

    // First matching rule wins, so the order is the priority: a changed key also prints "Host key
    // verification failed", and a missing sudo exits 127 like a missing rsync.
    private static final List<Rule> RULES = List.of(
            rule("REMOTE HOST IDENTIFICATION HAS CHANGED|^Host key for \\S+ has changed", Reason.HOST_KEY_CHANGED,
                    "host key changed since it was pinned: verify the host and re-pin"),
            rule("^No \\S+ host key is known for |^Host key verification failed", Reason.HOST_KEY_UNKNOWN,
                    "host key not pinned: scan and pin it first"),
            rule("^ssh: connect to host \\S+ port \\d+: Connection refused", (m, port) -> unreachable(
                    "connection refused on port " + port)),
            rule("^ssh: connect to host \\S+ port \\d+: (Connection|Operation) timed out"
                    + "|^Connection timed out during banner exchange|^Connection to \\S+ port \\d+ timed out",
                    (m, port) -> unreachable("connection timed out on port " + port)),
            rule("^ssh: connect to host \\S+ port \\d+: No route to host", (m, port) -> unreachable("no route to host")),
            rule("^ssh: connect to host \\S+ port \\d+: Network is unreachable",
                    (m, port) -> unreachable("network is unreachable")),
            rule("^ssh: Could not resolve hostname (\\S+?):", (m, port) -> unreachable(
                    "name " + m.group(1) + " does not resolve")),
            rule("^(kex|ssh)_exchange_identification:", (m, port) -> unreachable("port " + port
                    + " closed the connection before the ssh handshake (is an ssh server listening there,"
                    + " and does it accept this server?)")),
            rule("UNPROTECTED PRIVATE KEY FILE|^Load key \".*\": bad permissions", Reason.KEY_UNUSABLE,
                    "the server's private key cannot be used: its permissions are too open (it must be"
                            + " readable by its owner only)"),
            rule("^Warning: Identity file (.+) not accessible", (m, port) -> new SshFailure(Reason.KEY_UNUSABLE,
                    "the server's private key cannot be used: " + m.group(1) + " is missing or unreadable", null)),
            rule("^Load key \".*\": (invalid format|error in libcrypto)", Reason.KEY_UNUSABLE,
                    "the server's private key cannot be used: it is not a valid private key"),
            rule(": Permission denied \\([a-z][a-z,-]*\\)|^Received disconnect from .*Too many authentication failures",
                    Reason.AUTH_REFUSED,
                    "authentication refused: the server's public key is not in the remote user's authorized_keys"),
            rule("\\bsudo: (command )?not found|command not found: sudo\\b|Unknown command:? .?sudo\\b",
                    Reason.SUDO_REFUSED, "sudo is not installed on the remote host"),
            rule("^sudo: (a password is required|a terminal is required|no tty present)|you must have a tty",
                    Reason.SUDO_REFUSED, "sudo refused: sudo -n needs a password for this user; allow it to run"
                            + " rsync without one (NOPASSWD in sudoers)"),
            rule("is not in the sudoers file|is not allowed to execute|may not run sudo", Reason.SUDO_REFUSED,
                    "sudo refused: the remote user may not run rsync with sudo"),
            rule("\\brsync: (command )?not found|command not found: rsync\\b|Unknown command:? .?rsync\\b",
                    Reason.RSYNC_MISSING, "rsync is not installed on the remote host"),
            rule("rrsync error: (.+)$", (m, port) -> new SshFailure(Reason.COMMAND_RESTRICTED,
                    "the remote key is restricted by rrsync, which refused: " + m.group(1).trim()
                            + (m.group(1).contains("option -s ")
                            ? " Give the host the extra rsync option --no-protect-args." : ""), null)));

    /**
     * Classifies a failed call from its exit code and stderr ({@code port} only completes the
     * message). Call it for a non-zero exit; it never returns null.
     */
    public static SshFailure classify(int exitCode, List<String> stderrLines, int port) {
        for (Rule rule : RULES) {
            for (String line : stderrLines) {
                Matcher m = rule.pattern().matcher(line.strip());
                if (m.find()) {
                    SshFailure f = rule.failure().apply(m, port);
                    return new SshFailure(f.reason(), f.message(), line.strip());
                }
            }
        }
        if (exitCode == 127) {
            // The shells' wording varies; 127 is what they all exit with for an unknown command.
            return new SshFailure(Reason.RSYNC_MISSING, "rsync is not installed on the remote host", lastLine(stderrLines));
        }
        String last = lastLine(stderrLines);
        if (last.isEmpty()) {
            return new SshFailure(Reason.OTHER, exitCode == 255
                    ? "ssh failed (exit 255) without a message"
                    : "the remote command failed (exit " + exitCode + ") without a message", "");
        }
        return new SshFailure(Reason.OTHER, last, last);
    }

    static SshFailure unreachable(String why) {
        return new SshFailure(Reason.UNREACHABLE, "host unreachable: " + why, null);
    }

    private static String lastLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "";
    }
}
