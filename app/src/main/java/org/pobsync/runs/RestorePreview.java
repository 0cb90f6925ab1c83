package org.pobsync.runs;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a restore's dry run would do, read from rsync's itemized output in the run log: what
 * would be created, changed and deleted on the target. Counts are exact; each list keeps the
 * first {@link #SHOWN} names.
 */
public record RestorePreview(long created, long changed, long deleted, List<String> createdNames,
                             List<String> changedNames, List<String> deletedNames) {

    static final int SHOWN = 200;
    /** rsync's %i: update type, file type, nine attribute letters; then the name. */
    private static final Pattern ITEM = Pattern.compile("^([<>ch.])([fdLDS])([.+ ?a-zA-Z]{9}) (.+)$");
    private static final String DELETING = "*deleting ";

    /** Reads the log file of a finished dry run; an empty preview when there is none. */
    public static RestorePreview read(Path logFile) throws IOException {
        Builder b = new Builder();
        if (logFile != null && Files.isRegularFile(logFile)) {
            try (BufferedReader reader = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    b.accept(line);
                }
            }
        }
        return b.build();
    }

    /** Parses lines already in memory (tests, the CLI). */
    public static RestorePreview of(List<String> lines) {
        Builder b = new Builder();
        lines.forEach(b::accept);
        return b.build();
    }

    public boolean changesNothing() {
        return created == 0 && changed == 0 && deleted == 0;
    }

    private static final class Builder {
        long created;
        long changed;
        long deleted;
        final List<String> createdNames = new ArrayList<>();
        final List<String> changedNames = new ArrayList<>();
        final List<String> deletedNames = new ArrayList<>();

        void accept(String line) {
            if (line.startsWith(DELETING)) {
                deleted++;
                keep(deletedNames, line.substring(DELETING.length()).strip());
                return;
            }
            Matcher m = ITEM.matcher(line);
            if (!m.matches() || m.group(4).equals("./")) {
                return;
            }
            String attributes = m.group(3);
            if (attributes.equals("+++++++++")) {
                created++;
                keep(createdNames, m.group(4));
            } else if (!m.group(1).equals(".") || !attributes.chars().allMatch(c -> c == '.' || c == ' ')) {
                changed++;
                keep(changedNames, m.group(4));
            }
        }

        private static void keep(List<String> names, String name) {
            if (names.size() < SHOWN) {
                names.add(name);
            }
        }

        RestorePreview build() {
            return new RestorePreview(created, changed, deleted, List.copyOf(createdNames), List.copyOf(changedNames),
                    List.copyOf(deletedNames));
        }
    }
}
