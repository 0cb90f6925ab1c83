package org.pobsync.engine.rsync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tally of the files rsync could not transfer, read from its error lines as they stream by, so
 * that an exit-23 summary can say how many there were and name the first few however many
 * thousands rsync printed. Errors are grouped by side and cause ("permission denied reading",
 * "input/output error writing ... on the backup server"); memory stays bounded.
 *
 * <p>Not thread-safe: fed by one run's output, one line at a time.
 */
public final class TransferErrors {

    /** Names kept (and shown) per group. */
    static final int NAMED = 3;
    static final int MAX_GROUPS = 8;
    private static final int NAME_CHARS = 200;

    /**
     * rsync's per-file error lines: {@code rsync: [sender] opendir "/x" failed: Permission denied (13)},
     * {@code rsync: [sender] send_files failed to open "/x": Permission denied (13)}.
     */
    private static final Pattern FILE_ERROR = Pattern.compile(
            "^rsync: \\[(sender|receiver|Receiver|generator)\\] (\\S+)[^\"]*\"(.+)\"(?: failed)?: (.+?) \\(\\d+\\)$");

    private record Group(boolean sending, String cause) {
    }

    private static final class Tally {
        long count;
        final List<String> names = new ArrayList<>();
    }

    private final Map<Group, Tally> groups = new LinkedHashMap<>();
    private long uncounted;

    /** Feeds one stderr line; lines that name no file are ignored. */
    public void accept(String line) {
        Matcher m = FILE_ERROR.matcher(line.strip());
        if (!m.matches()) {
            return;
        }
        String operation = m.group(2);
        String cause = m.group(4);
        // A source path that does not exist is reported apart ("remote path missing").
        if ((operation.equals("link_stat") || operation.equals("change_dir")) && cause.equals("No such file or directory")) {
            return;
        }
        Group group = new Group(m.group(1).equals("sender"), cause);
        Tally tally = groups.get(group);
        if (tally == null) {
            if (groups.size() == MAX_GROUPS) {
                uncounted++;
                return;
            }
            tally = new Tally();
            groups.put(group, tally);
        }
        tally.count++;
        if (tally.names.size() < NAMED) {
            // Kept as rsync printed it: rsync writes control characters in names as \#ooo, and a
            // summary shown on a terminal must not carry them raw.
            String name = m.group(3);
            tally.names.add(name.length() <= NAME_CHARS ? name : name.substring(0, NAME_CHARS) + "...");
        }
    }

    /** A copy that later lines do not change. */
    public TransferErrors copy() {
        TransferErrors copy = new TransferErrors();
        groups.forEach((group, tally) -> {
            Tally t = new Tally();
            t.count = tally.count;
            t.names.addAll(tally.names);
            copy.groups.put(group, t);
        });
        copy.uncounted = uncounted;
        return copy;
    }

    public static TransferErrors of(List<String> lines) {
        TransferErrors errors = new TransferErrors();
        lines.forEach(errors::accept);
        return errors;
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /**
     * One clause per group, e.g. "permission denied reading 8 files: /a, /b, /c and 5 more";
     * empty when no file error was seen.
     */
    public String summary() {
        List<String> clauses = new ArrayList<>();
        for (Map.Entry<Group, Tally> e : groups.entrySet()) {
            Group g = e.getKey();
            Tally t = e.getValue();
            String files = t.count == 1 ? "1 file" : t.count + " files";
            String more = t.count > t.names.size() ? " and " + (t.count - t.names.size()) + " more" : "";
            clauses.add(g.cause().toLowerCase(Locale.ROOT) + (g.sending() ? " reading " : " writing ") + files
                    + (g.sending() ? "" : " on the backup server") + ": " + String.join(", ", t.names) + more);
        }
        if (uncounted > 0) {
            clauses.add(uncounted + " more with other errors");
        }
        return String.join("; ", clauses);
    }
}
