package org.pobsync.engine.rsync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.Transport;
import org.pobsync.engine.ssh.SshFailure;

/**
 * Turns rsync's exit code and its error lines (rsync's and ssh's stderr) into words an operator
 * understands: "host key changed", not "rsync error: unexplained error (code 255)". Everything
 * about ssh, the login, sudo and rrsync is worded by {@link SshFailure}, the same words the
 * connection test shows; this class adds what only a transfer can run into (missing source
 * paths, files that could not be read, a full disk, a stalled transfer), and rsync's own words
 * are the fallback.
 */
public final class ErrorSummary {

    public static final String CANCELLED = "cancelled";

    private static final Pattern IO_TIMEOUT = Pattern.compile("io timeout after (\\d+) seconds");
    private static final Pattern MISSING = Pattern.compile(
            "^rsync: \\[sender\\] (?:link_stat|change_dir) \"(.*)\" failed: No such file or directory");
    private static final Pattern VANISHED = Pattern.compile("^file has vanished: \"(.*)\"");
    private static final Pattern RSYNC_ESCAPE = Pattern.compile("\\\\#([0-7]{3})");

    private ErrorSummary() {
    }

    /**
     * @param errorLines the last lines rsync and ssh wrote to stderr, oldest first; files that
     *                   could not be transferred are counted from these lines only
     * @return null for exit 0; for 23 and 24 the warning; otherwise why the run failed
     */
    public static String describe(int exitCode, List<String> errorLines, BackupRequest request) {
        return describe(exitCode, errorLines, TransferErrors.of(errorLines), request);
    }

    /**
     * @param fileErrors every file rsync reported it could not transfer, counted over the whole run
     *                   (the error lines are only the last ones)
     */
    public static String describe(int exitCode, List<String> errorLines, TransferErrors fileErrors,
                                  BackupRequest request) {
        if (exitCode == RsyncExitCode.OK) {
            return null;
        }
        if (exitCode == RsyncExitCode.VANISHED_SOURCE_FILES) {
            String vanished = firstGroup(VANISHED, errorLines);
            return "some files vanished during the transfer (normal for files that change while being backed up)"
                    + (vanished != null ? ", e.g. " + vanished : "");
        }
        String cause = SshFailure.recognize(errorLines, context(request)).map(SshFailure::message).orElse(null);
        if (exitCode == RsyncExitCode.PARTIAL_TRANSFER && cause == null) {
            if (everySourceMissing(errorLines, request.sourcePaths())) {
                return missingPaths(errorLines, request);
            }
            String files = notTransferred(errorLines, fileErrors, request);
            return "some files were not transferred: " + (files.isEmpty() ? lastErrorLine(errorLines) : files);
        }
        if (cause == null) {
            cause = transferProblem(exitCode, errorLines, request);
        }
        if (cause != null) {
            return cause;
        }
        String last = lastErrorLine(errorLines);
        return "rsync failed: " + RsyncExitCode.meaning(exitCode) + " (exit " + exitCode + ")"
                + (last.isEmpty() ? "" : ": " + last);
    }

    /**
     * Why a transfer stopped because nothing arrived for the host's I/O timeout, whoever noticed
     * (rsync's --timeout, ssh's keep-alives or the engine's watchdog).
     */
    public static String stalled(BackupRequest request) {
        if (request.transport() == Transport.SSH) {
            return SshFailure.stoppedResponding(request.timeout(), null).message();
        }
        return "the transfer stalled (no data for " + RsyncCommand.seconds(request.timeout()) + " s)";
    }

    private static SshFailure.Context context(BackupRequest request) {
        return request.transport() == Transport.SSH
                ? SshFailure.Context.of(request.ssh(), request.timeout())
                : new SshFailure.Context(0, request.timeout(), null);
    }

    /** What went wrong in a transfer that ssh and the login did not explain. */
    private static String transferProblem(int exitCode, List<String> lines, BackupRequest request) {
        String full = findContaining(lines, "No space left on device", "Disk quota exceeded");
        if (full != null) {
            return "disk full on the backup server: " + full;
        }
        if (exitCode == RsyncExitCode.TIMEOUT || firstGroup(IO_TIMEOUT, lines) != null) {
            return stalled(request);
        }
        if (!missingSourcePaths(lines).isEmpty()) {
            return missingPaths(lines, request);
        }
        return null;
    }

    /** The exit-23 details: missing source paths, then the files that could not be read or written. */
    private static String notTransferred(List<String> lines, TransferErrors fileErrors, BackupRequest request) {
        List<String> parts = new ArrayList<>();
        if (!missingSourcePaths(lines).isEmpty()) {
            parts.add(missingPaths(lines, request));
        }
        if (!fileErrors.isEmpty()) {
            parts.add(fileErrors.summary());
        }
        return String.join("; ", parts);
    }

    private static String missingPaths(List<String> lines, BackupRequest request) {
        String where = request.transport() == Transport.SSH ? "remote path missing: " : "source path missing: ";
        return where + String.join(", ", missingSourcePaths(lines));
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
