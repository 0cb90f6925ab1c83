package org.pobsync.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.engine.retention.Snapshots.complete;
import static org.pobsync.engine.retention.Snapshots.deleting;
import static org.pobsync.engine.retention.Snapshots.incomplete;
import static org.pobsync.engine.retention.Snapshots.name;
import static org.pobsync.engine.retention.Snapshots.partial;
import static org.pobsync.engine.retention.Snapshots.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pobsync.engine.retention.SnapshotCandidate.Status;

/**
 * Whole plans rendered as text and compared with files under
 * {@code src/test/resources/org/pobsync/engine/retention/golden/}. Each file was checked by hand
 * against the rules; a change in any line is a change in what pobsync deletes. After an
 * intended change, regenerate with {@code -Dpobsync.golden.update=true} and review the diff.
 */
class RetentionPlanGoldenTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Path GOLDEN = Path.of("src/test/resources/org/pobsync/engine/retention/golden");

    @Test
    void nightlyBackupsOverFiveMonths() throws IOException {
        List<SnapshotCandidate> series = new ArrayList<>();
        for (LocalDate day = LocalDate.of(2026, 6, 20); !day.isAfter(LocalDate.of(2026, 11, 23)); day = day.plusDays(1)) {
            series.add(Snapshots.of(day.atTime(LocalTime.of(2, 15)).atZone(BERLIN).toInstant(), Status.COMPLETE));
        }
        assertGolden("nightly-five-months.txt", series, policy(3, null, 7, 4, 6, 2), Set.of(), BERLIN);
    }

    @Test
    void halfHourlyBackupsAcrossTheAutumnDstChange() throws IOException {
        List<SnapshotCandidate> series = new ArrayList<>();
        for (Instant t = Instant.parse("2026-10-24T21:00:00Z"); !t.isAfter(Instant.parse("2026-10-25T04:00:00Z"));
             t = t.plus(Duration.ofMinutes(30))) {
            series.add(Snapshots.of(t, Status.COMPLETE));
        }
        assertGolden("half-hourly-dst-berlin.txt", series, policy(null, 4, 2, null, null, null), Set.of(), BERLIN);
    }

    @Test
    void dailyBackupsAcrossIsoWeek53AndTheYearChange() throws IOException {
        List<SnapshotCandidate> series = new ArrayList<>();
        for (LocalDate day = LocalDate.of(2026, 12, 17); !day.isAfter(LocalDate.of(2027, 1, 12)); day = day.plusDays(1)) {
            series.add(Snapshots.of(day.atTime(LocalTime.of(23, 30)).atZone(BERLIN).toInstant(), Status.COMPLETE));
        }
        assertGolden("daily-iso-week-53.txt", series, policy(null, null, 3, 3, 2, 2), Set.of(), BERLIN);
    }

    @Test
    void safetyRulesOnTopOfThePolicy() throws IOException {
        List<SnapshotCandidate> series = List.of(
                incomplete("2026-11-23T01:15:00Z"),
                partial("2026-11-22T01:15:00Z"),
                incomplete("2026-11-21T01:15:00Z"),
                complete("2026-11-20T01:15:00Z"),
                complete("2026-11-19T13:00:00Z"),
                complete("2026-11-19T01:15:00Z"),
                incomplete("2026-11-18T01:15:00Z"),
                deleting("2026-11-17T01:15:00Z"),
                complete("2026-11-16T01:15:00Z"),
                complete("2026-11-15T01:15:00Z"),
                partial("2026-11-14T01:15:00Z"),
                complete("2026-11-01T01:15:00Z"));
        assertGolden("safety-rules.txt", series, policy(1, null, 2, null, null, null),
                Set.of(name("2026-11-15T01:15:00Z")), BERLIN);
    }

    private static void assertGolden(String file, List<SnapshotCandidate> series, RetentionPolicy policy,
                                     Set<String> runningBases, ZoneId zone) throws IOException {
        String actual = RetentionPlanText.format(new RetentionPlanner(zone).plan(series, policy, runningBases));
        Path golden = GOLDEN.resolve(file);
        if (Boolean.getBoolean("pobsync.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
