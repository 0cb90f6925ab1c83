package org.pobsync.engine.rsync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.Transport;

/**
 * Turns rsync's exit code and its last error lines (rsync's and ssh's stderr) into words an
 * operator understands: "host key changed", not "rsync error: unexplained error (code 255)".
 * Checks run from the most specific cause to the most generic: ssh prints "Host key
 * verification failed" both for an unknown and for a changed key, and rsync always ends with
 * its own generic line, so the first recognised cause wins and rsync's words are the fallback.
 */
public final class ErrorSummary {

    public static final String CANCELLED = "cancelled";

    private static final Pattern CONNECT = Pattern.compile("connect to host \\S+ port (\\d+): (.+)$");
    private static final Pattern CONNECT_TIMEOUT = Pattern.compile("Connection to \\S+ port (\\d+) timed out");
    private static final Pattern RESOLVE = Pattern.compile("Could not resolve hostname (\\S+?):");
    private static final Pattern IO_TIMEOUT = Pattern.compile("io timeout after (\\d+) seconds");
    private static final Pattern MISSING = Pattern.compile(
            "^rsync: \\[sender\\] (?:link_stat|change_dir) \"(.*)\" failed: No such file or directory");
    private static final Pattern UNREADABLE = Pattern.compile(
            "^rsync: \\[sender\\] .*\"(.*)\"(?: failed)?: Permission denied");
    private static final Pattern UNWRITABLE = Pattern.compile(
            "^rsync: \\[(?:receiver|Receiver|generator)\\] .*\"(.*)\" failed: Permission denied");
    private static final Pattern VANISHED = Pattern.compile("^file has vanished: \"(.*)\"");
    private static final Pattern RSYNC_NOT_FOUND = Pattern.compile(
            "^\\S+:.*\\brsync: (?:command not found|not found|No such file or directory)$");
    private static final Pattern SUDO_NOT_FOUND = Pattern.compile("^\\S+:.*\\bsudo: (?:command not found|not found)$");
    private static final Pattern RSYNC_ESCAPE = Pattern.compile("\\\\#([0-7]{3})");

    private ErrorSummary() {
    }

    /**
     * @param errorLines the last lines rsync and ssh wrote to stderr, oldest first
     * @return null for exit 0; for 23 and 24 the warning; otherwise why the run failed
     */
    public static String describe(int exitCode, List<String> errorLines, BackupRequest request) {
        if (exitCode == RsyncExitCode.OK) {
            return null;
        }
        String cause = connectionProblem(errorLines);
        if (cause == null) {
            cause = hostProblem(exitCode, errorLines, request);
        }
        if (exitCode == RsyncExitCode.PARTIAL_TRANSFER) {
            if (everySourceMissing(errorLines, request.sourcePaths())) {
                return cause;
            }
            return "some files were not transferred: " + (cause != null ? cause : lastErrorLine(errorLines));
        }
        if (exitCode == RsyncExitCode.VANISHED_SOURCE_FILES) {
            String vanished = firstGroup(VANISHED, errorLines);
            return "some files vanished during the transfer (normal for files that change while being backed up)"
                    + (vanished != null ? ", e.g. " + vanished : "");
        }
        if (cause != null) {
            return cause;
        }
        String last = lastErrorLine(errorLines);
        return "rsync failed: " + RsyncExitCode.meaning(exitCode) + " (exit " + exitCode + ")"
                + (last.isEmpty() ? "" : ": " + last);
    }

    /** ssh could not connect, authenticate or verify the host. */
    private static String connectionProblem(List<String> lines) {
        if (contains(lines, "REMOTE HOST IDENTIFICATION HAS CHANGED") || matchesAny(lines, "Host key for .* has changed")) {
            return "host key changed: the pinned key no longer matches (possible man-in-the-middle; re-pin after verifying)";
        }
        if (matchesAny(lines, "No \\S+ host key is known for") || contains(lines, "Host key verification failed")) {
            return "host key unknown: pin it first";
        }
        if (matchesAny(lines, "Permission denied \\((publickey|password|keyboard-interactive|gssapi)")) {
            return "authentication refused (the server's key is not authorized on the host)";
        }
        if (matchesAny(lines, "rrsync error: option -s has been disabled")) {
            return "the host's key is restricted to rrsync, which refuses --protect-args: give the host the extra"
                    + " rsync option --no-protect-args";
        }
        for (String line : lines) {
            Matcher m = CONNECT.matcher(line);
            if (m.find()) {
                String port = m.group(1);
                String reason = m.group(2);
                if (reason.contains("Connection refused")) {
                    return "host unreachable: connection refused on port " + port;
                }
                if (reason.contains("No route to host")) {
                    return "host unreachable: no route to host";
                }
                if (reason.contains("Network is unreachable")) {
                    return "host unreachable: network unreachable";
                }
                if (reason.contains("timed out")) {
                    return "host unreachable: timed out connecting to port " + port;
                }
                return "host unreachable: " + reason.trim();
            }
            Matcher t = CONNECT_TIMEOUT.matcher(line);
            if (t.find()) {
                return "host unreachable: timed out connecting to port " + t.group(1);
            }
            if (line.contains("Connection timed out during banner exchange")) {
                return "host unreachable: timed out waiting for the ssh server's greeting";
            }
        }
        String host = firstGroup(RESOLVE, lines);
        if (host != null) {
            return "host unreachable: cannot resolve host name " + host;
        }
        return null;
    }

    /** Something on the host or on the backup server went wrong once connected. */
    private static String hostProblem(int exitCode, List<String> lines, BackupRequest request) {
        String sudo = findLine(lines, SUDO_NOT_FOUND);
        if (sudo != null) {
            return "sudo missing on the remote host: " + sudo;
        }
        if (contains(lines, "sudo: a terminal is required") || contains(lines, "sudo: a password is required")) {
            return "sudo on the host asks for a password (allow the backup user to run rsync with NOPASSWD)";
        }
        String rsync = findLine(lines, RSYNC_NOT_FOUND);
        if (rsync != null) {
            return "rsync missing on the remote host: " + rsync;
        }
        String full = findContaining(lines, "No space left on device", "Disk quota exceeded");
        if (full != null) {
            return "disk full on the backup server: " + full;
        }
        String seconds = firstGroup(IO_TIMEOUT, lines);
        if (exitCode == RsyncExitCode.TIMEOUT || seconds != null) {
            return "timed out (no data for " + (seconds != null ? seconds : request.timeout().toSeconds()) + " s)";
        }
        Set<String> missing = missingSourcePaths(lines);
        if (!missing.isEmpty()) {
            String where = request.transport() == Transport.SSH ? "remote path missing: " : "source path missing: ";
            return where + String.join(", ", missing);
        }
        String unreadable = firstGroup(UNREADABLE, lines);
        if (unreadable != null) {
            return "permission denied reading " + unreadable;
        }
        String unwritable = firstGroup(UNWRITABLE, lines);
        if (unwritable != null) {
            return "permission denied writing " + unwritable + " on the backup server";
        }
        return null;
    }

    /** The source paths rsync reported as not existing, as rsync printed them (unescaped). */
    public static Set<String> missingSourcePaths(List<String> errorLines) {
        Set<String> missing = new LinkedHashSet<>();
        for (String line : errorLines) {
            Matcher m = MISSING.matcher(line);
            if (m.find()) {
                missing.add(unescape(m.group(1)));
            }
        }
        return missing;
    }

    /** True when rsync reported every one of the configured source paths as missing. */
    public static boolean everySourceMissing(List<String> errorLines, List<String> sourcePaths) {
        return !sourcePaths.isEmpty() && missingSourcePaths(errorLines).containsAll(sourcePaths);
    }

    /** rsync escapes unprintable bytes in names as \#ooo (octal). */
    static String unescape(String name) {
        Matcher m = RSYNC_ESCAPE.matcher(name);
        if (!m.find()) {
            return name;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int last = 0;
        m.reset();
        while (m.find()) {
            bytes.writeBytes(name.substring(last, m.start()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            bytes.write(Integer.parseInt(m.group(1), 8));
            last = m.end();
        }
        bytes.writeBytes(name.substring(last).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The most telling raw line: the last one that is not rsync's closing boilerplate
     * ("rsync error: ... (code N) at main.c(...)", "connection unexpectedly closed").
     */
    static String lastErrorLine(List<String> lines) {
        List<String> candidates = new ArrayList<>();
        for (String line : lines) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("rsync error:") && !t.contains("connection unexpectedly closed")
                    && !t.contains("write error: Broken pipe")) {
                candidates.add(t);
            }
        }
        if (!candidates.isEmpty()) {
            return candidates.get(candidates.size() - 1);
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).trim();
            }
        }
        return "";
    }

    private static boolean contains(List<String> lines, String text) {
        return findContaining(lines, text) != null;
    }

    private static String findContaining(List<String> lines, String... texts) {
        for (String line : lines) {
            for (String text : texts) {
                if (line.contains(text)) {
                    return line.trim();
                }
            }
        }
        return null;
    }

    private static boolean matchesAny(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        return lines.stream().anyMatch(l -> p.matcher(l).find());
    }

    private static String findLine(List<String> lines, Pattern pattern) {
        for (String line : lines) {
            if (pattern.matcher(line.trim()).find()) {
                return line.trim();
            }
        }
        return null;
    }

    private static String firstGroup(Pattern pattern, List<String> lines) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return unescape(m.group(1));
            }
        }
        return null;
    }
}
