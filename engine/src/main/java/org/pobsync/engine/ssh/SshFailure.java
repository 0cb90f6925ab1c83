package org.pobsync.engine.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pobsync.engine.SshTarget;

/**
 * Why an ssh call (or an rsync run over ssh) failed, in a sentence an operator can act on, plus
 * the stderr line it was read from. This is the one place such a sentence is worded: the
 * connection test ({@link ConnectionProbe}) and a backup's error summary
 * ({@code engine.rsync.ErrorSummary}, which passes everything ssh-related here) say the same
 * thing for the same stderr.
 *
 * <p>{@link #classify} is a function of the exit code and stderr (plus what the caller knows:
 * the port, the silence limit, the pinned keys file), so it can be table-tested against captured
 * output. It reads OpenSSH 9.x client messages, sudo's, rrsync's and the common remote shells'
 * "not found" messages; the patterns are anchored on their own wording so that a remote file
 * error such as rsync's "Permission denied (13)" is not mistaken for an ssh failure.
 */
public record SshFailure(Reason reason, String message, String detail) {

    public enum Reason {
        /** No ssh conversation: refused, timed out, no route, name does not resolve, not an ssh server. */
        UNREACHABLE,
        /** The host went silent: no answer to ssh's keep-alives, or no data for the I/O timeout. */
        STOPPED_RESPONDING,
        /** The host closed an established connection (sshd restarted or killed, the host went down). */
        CONNECTION_LOST,
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
        /** sudo refused to run rsync (needs a password, not allowed, not installed). */
        SUDO_REFUSED,
        /** A forced command (rrsync) in authorized_keys refused what was asked. */
        COMMAND_RESTRICTED,
        /** Anything else; the message is the last stderr line. */
        OTHER
    }

    /**
     * What the caller knows beyond stderr.
     *
     * @param port           completes "connection refused on port N"
     * @param silenceLimit   how long the host was allowed to send nothing (a backup: its I/O timeout)
     * @param knownHostsFile the managed known_hosts file, to name the pinned key of a changed host;
     *                       null when unknown
     */
    public record Context(int port, Duration silenceLimit, Path knownHostsFile) {

        public Context {
            Objects.requireNonNull(silenceLimit, "silenceLimit");
        }

        public static Context of(SshTarget target, Duration silenceLimit) {
            return new Context(target.port(), silenceLimit, target.knownHostsFile());
        }
    }

    public SshFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        detail = detail == null ? "" : detail;
    }

    /** The one wording of a host that went silent, whoever noticed (ssh, rsync or the engine's watchdog). */
    public static SshFailure stoppedResponding(Duration silenceLimit, String detail) {
        return new SshFailure(Reason.STOPPED_RESPONDING, "the host stopped responding (no data for "
                + SshCommandLine.wholeSeconds(silenceLimit) + " s)", detail);
    }

    /**
     * Classifies a failed call from its exit code and stderr. Call it for a non-zero exit; it never
     * returns null: what no rule recognises is {@link Reason#OTHER} with the last stderr line.
     */
    public static SshFailure classify(int exitCode, List<String> stderrLines, Context context) {
        Optional<SshFailure> known = recognize(stderrLines, context);
        if (known.isPresent()) {
            return known.get();
        }
        if (exitCode == 127) {
            // The shells' wording varies; 127 is what they all exit with for an unknown command.
            return new SshFailure(Reason.RSYNC_MISSING, RSYNC_MISSING, lastLine(stderrLines));
        }
        String last = lastLine(stderrLines);
        if (last.isEmpty()) {
            return new SshFailure(Reason.OTHER, exitCode == 255
                    ? "ssh failed (exit 255) without a message"
                    : "the remote command failed (exit " + exitCode + ") without a message", "");
        }
        return new SshFailure(Reason.OTHER, last, last);
    }

    /**
     * The failure a rule recognises in stderr, or empty. Rules are tried in priority order, each
     * against every line: a changed key also prints "Host key verification failed", and a
     * missing sudo exits 127 like a missing rsync.
     */
    public static Optional<SshFailure> recognize(List<String> stderrLines, Context context) {
        for (Rule rule : SshFailureRules.RULES) {
            for (int i = 0; i < stderrLines.size(); i++) {
                String line = stderrLines.get(i).strip();
                Matcher m = rule.pattern().matcher(line);
                if (m.find()) {
                    SshFailure f = rule.describer().describe(m, stderrLines, context);
                    return Optional.of(new SshFailure(f.reason(), f.message(), line));
                }
            }
        }
        return Optional.empty();
    }

    static SshFailure unreachable(String why) {
        return new SshFailure(Reason.UNREACHABLE, "host unreachable: " + why, null);
    }

    // The unreachable cases the host-key scan finds with a plain TCP connect, worded as ssh's are.

    static SshFailure connectionRefused(int port) {
        return unreachable("connection refused on port " + port);
    }

    static SshFailure connectionTimedOut(int port) {
        return unreachable("connection timed out on port " + port);
    }

    static SshFailure noRoute() {
        return unreachable("no route to host");
    }

    static SshFailure networkUnreachable() {
        return unreachable("network is unreachable");
    }

    static SshFailure nameDoesNotResolve(String name) {
        return unreachable("name " + name + " does not resolve");
    }

    static final String RSYNC_MISSING = "rsync is not installed on the remote host";

    /** One recognisable failure: the pattern of its telling line and how to word it. */
    record Rule(Pattern pattern, Describer describer) {
    }

    @FunctionalInterface
    interface Describer {
        SshFailure describe(Matcher telling, List<String> allLines, Context context);
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
