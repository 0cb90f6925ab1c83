package org.pobsync.engine.rsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessRunner;

/**
 * Whether a backup could read the host's source paths: lists them with rsync exactly as the
 * backup logs in (same key, user, sudo), first the paths themselves (a path missing from the
 * listing does not exist for that user), then each directory's first level (an {@code opendir}
 * refusal means the user cannot read it). A file's readability shows only when it is sent, so
 * files are checked for existence only. Nothing is transferred or written.
 */
public final class SourcePathCheck {

    /**
     * @param missing    configured paths that do not exist (for the backup's user)
     * @param unreadable directories the backup's user may not list
     * @param problem    why the check itself could not run, null when it ran
     */
    public record Outcome(List<String> missing, List<String> unreadable, String problem) {
        public boolean allReadable() {
            return problem == null && missing.isEmpty() && unreadable.isEmpty();
        }
    }

    /** A --list-only line: type and permissions, size, date, time, then the name. */
    private static final Pattern LISTED = Pattern.compile("^([-dlcbps])[-rwxsStT]{9}\\S*\\s+[\\d,.]+\\s+\\S+\\s+\\S+\\s(.+)$");
    private static final Pattern REFUSED = Pattern.compile("(?:opendir|change_dir) \"(.+?)/?\\.?\" failed: Permission denied");
    private static final Duration ALLOWANCE = Duration.ofSeconds(30);
    private static final ProcessRunner RUNNER = new ProcessRunner();

    private final RsyncCommand rsync;

    public SourcePathCheck(RsyncCommand rsync) {
        this.rsync = rsync;
    }

    public Outcome check(BackupRequest request) {
        Path emptyDir;
        try {
            emptyDir = Files.createTempDirectory("pobsync-list-");
        } catch (IOException e) {
            return new Outcome(List.of(), List.of(), "cannot create a temporary directory: " + e.getMessage());
        }
        try {
            return check(request, emptyDir);
        } finally {
            try {
                Files.deleteIfExists(emptyDir);
            } catch (IOException e) {
                // --dry-run wrote nothing into it; a leftover empty directory in tmp is harmless
            }
        }
    }

    private Outcome check(BackupRequest request, Path emptyDir) {
        Duration limit = ALLOWANCE.plus(request.ssh() == null ? Duration.ZERO : request.ssh().connectTimeout());
        CommandOutput listing = run(rsync.listArgv(request, request.sourcePaths(), emptyDir), limit);
        if (listing == null || (listing.exitCode() != 0 && listing.exitCode() != RsyncExitCode.PARTIAL_TRANSFER)) {
            return new Outcome(List.of(), List.of(), listing == null ? "could not run rsync"
                    : ErrorSummary.describe(listing.exitCode(), listing.stderr(), request));
        }
        Map<String, Character> types = types(listing.stdout());
        List<String> missing = new ArrayList<>();
        List<String> directories = new ArrayList<>();
        for (String path : request.sourcePaths()) {
            Character type = types.get(path.equals("/") ? "/" : path.substring(1));
            if (type == null) {
                missing.add(path);
            } else if (type == 'd') {
                directories.add(path);
            }
        }
        List<String> unreadable = new ArrayList<>();
        if (!directories.isEmpty()) {
            CommandOutput contents = run(rsync.listArgv(request,
                    directories.stream().map(d -> d.equals("/") ? "/." : d + "/.").toList(), emptyDir), limit);
            if (contents == null) {
                return new Outcome(missing, List.of(), "could not run rsync");
            }
            for (String line : contents.stderr()) {
                Matcher m = REFUSED.matcher(line);
                if (m.find() && directories.contains(m.group(1)) && !unreadable.contains(m.group(1))) {
                    unreadable.add(m.group(1));
                }
            }
        }
        return new Outcome(missing, unreadable, null);
    }

    /** The listed names (relative, as --relative prints them) and their type letters. */
    private static Map<String, Character> types(List<String> stdout) {
        Map<String, Character> types = new HashMap<>();
        for (String line : stdout) {
            Matcher m = LISTED.matcher(line);
            if (m.matches()) {
                String name = m.group(2);
                if (m.group(1).equals("l")) {
                    int arrow = name.indexOf(" -> ");
                    name = arrow < 0 ? name : name.substring(0, arrow);
                }
                types.put(name.equals(".") ? "/" : name, m.group(1).charAt(0));
            }
        }
        return types;
    }

    private static CommandOutput run(List<String> argv, Duration limit) {
        try {
            return RUNNER.run(ProcessCommand.of(argv), limit);
        } catch (UncheckedIOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
