package org.pobsync.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The rules of app/src/main/resources/db/migration/README.md, held against the list of released
 * migrations (released-migrations.txt beside this class): installed databases recorded each
 * released script's checksum, so a released script never changes or disappears, a new script
 * comes after every released one and is listed, and the list only grows. There is no V4, on
 * purpose.
 */
class ReleasedMigrationsTest {

    /** The version that was skipped when the scripts were written (see the README). */
    static final String NEVER_USED = "4";

    record Released(String version, int checksum, String fileName) {
    }

    final List<Released> released = readReleased();
    final Map<String, MigrationScripts.Script> shipped = MigrationScripts.scripts(getClass().getClassLoader(),
            Migrations.LOCATION).orElseThrow(() -> new AssertionError("no plain V<version>__<name>.sql scripts in "
            + Migrations.LOCATION + " (a README or subdirectory there would also switch off the start-up check)"));

    @Test
    void aReleasedMigrationNeverChanges() {
        for (Released r : released) {
            MigrationScripts.Script script = shipped.get(r.version());
            assertThat(script).as("%s was released and is gone: databases that applied it would no longer match this"
                    + " build. Restore it.", r.fileName()).isNotNull();
            assertThat(script.fileName()).as("V%s was released as %s; Flyway also compares the name. Rename it back.",
                    r.version(), r.fileName()).isEqualTo(r.fileName());
            assertThat(script.checksum()).as("%s was released with checksum %d and now has %d: pobsync would refuse"
                    + " every database that applied it. Restore the script and put the change into a new migration.",
                    r.fileName(), r.checksum(), script.checksum()).isEqualTo(r.checksum());
        }
    }

    @Test
    void aNewMigrationComesAfterEveryReleasedOne() {
        Released newest = released.get(released.size() - 1);
        for (MigrationScripts.Script script : shipped.values()) {
            if (released.stream().anyMatch(r -> r.version().equals(script.version()))) {
                continue;
            }
            assertThat(compare(script.version(), newest.version()))
                    .as("%s is not above V%s, the newest released migration: a database that has V%s never applies it."
                            + " Number it above V%s.%s", script.fileName(), newest.version(), newest.version(),
                            newest.version(), script.version().equals(NEVER_USED)
                                    ? " (V4 is unused on purpose: see db/migration/README.md.)" : "")
                    .isPositive();
        }
    }

    @Test
    void theReleasedListOnlyGrows() {
        for (int i = 1; i < released.size(); i++) {
            Released before = released.get(i - 1);
            Released after = released.get(i);
            assertThat(compare(after.version(), before.version())).as("released-migrations.txt is in version order;"
                    + " new lines go at the end (V%s after V%s)", after.version(), before.version()).isPositive();
            // A removed line shows as a new gap between the leading numbers of two neighbours.
            int step = major(after.version()) - major(before.version());
            boolean documentedGap = before.version().equals("3") && after.version().equals("5");
            assertThat(step <= 1 || documentedGap).as("no line between V%s and V%s: the list is append-only, a"
                    + " released migration's line is never removed", before.version(), after.version()).isTrue();
        }
        assertThat(released).extracting(Released::version).as("the released migrations installed databases have")
                .startsWith("1", "2", "3", "5", "6", "7");
    }

    @Test
    void thereIsNoV4BecauseInstalledDatabasesWentFromV3ToV5() {
        assertThat(shipped).as("V4 was skipped when the scripts were written; databases record V3 then V5, and a V4"
                + " now would never be applied to them (db/migration/README.md)").doesNotContainKey(NEVER_USED);
        assertThat(released).extracting(Released::version).doesNotContain(NEVER_USED);
    }

    @Test
    void everyMigrationIsInTheReleasedList() {
        for (MigrationScripts.Script script : shipped.values()) {
            assertThat(released).extracting(Released::version).as("%s is not in released-migrations.txt; append the"
                    + " line \"%s  %d  %s\" in the same commit. Until it is merged you may still change it (and its"
                    + " line); after that, never.", script.fileName(), script.version(), script.checksum(),
                    script.fileName()).contains(script.version());
        }
    }

    private static List<Released> readReleased() {
        String text;
        try (InputStream in = Objects.requireNonNull(ReleasedMigrationsTest.class.getResourceAsStream(
                "released-migrations.txt"), "released-migrations.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<Released> list = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] f = trimmed.split("\\s+");
            assertThat(f).as("version checksum script: %s", line).hasSize(3);
            list.add(new Released(MigrationScripts.normalize(f[0]), Integer.parseInt(f[1]), f[2]));
        }
        assertThat(list).as("released-migrations.txt lists the released migrations").isNotEmpty();
        return list;
    }

    /** Versions compared as Flyway compares them: part by part, numerically. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static int major(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }
}
