package org.pobsync.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When schedules fire: month ends, leap days, and daylight saving in a European and an American
 * zone. Expected instants are written out by hand (UTC), not computed by the code under test.
 */
class CronExpressionTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void dayOfMonthThirtyFirstSkipsShortMonths() {
        assertThat(firings("0 3 31 * *", UTC, "2024-01-31T03:00:00Z", 4)).containsExactly(
                "2024-03-31T03:00:00Z", "2024-05-31T03:00:00Z", "2024-07-31T03:00:00Z", "2024-08-31T03:00:00Z");
    }

    @Test
    void lastMinuteOfTheMonthAndOfTheYearRollOver() {
        assertThat(firings("59 23 * * *", UTC, "2024-01-31T23:59:00Z", 1)).containsExactly("2024-02-01T23:59:00Z");
        assertThat(firings("0 0 1 * *", UTC, "2024-12-31T23:59:59Z", 2))
                .containsExactly("2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z");
    }

    @Test
    void leapDayRunsOnlyInLeapYearsAndNotIn2100() {
        assertThat(firings("0 4 29 2 *", UTC, "2023-03-01T00:00:00Z", 2))
                .containsExactly("2024-02-29T04:00:00Z", "2028-02-29T04:00:00Z");
        assertThat(firings("0 4 29 2 *", UTC, "2096-03-01T00:00:00Z", 1)).containsExactly("2104-02-29T04:00:00Z");
        // The last day of February in a leap year is the 29th: "28" still fires on the 28th only.
        assertThat(firings("0 4 28-29 2 *", UTC, "2024-02-28T04:00:00Z", 2))
                .containsExactly("2024-02-29T04:00:00Z", "2025-02-28T04:00:00Z");
    }

    @Test
    void expressionThatNeverMatchesHasNoNextRun() {
        assertThat(CronExpression.parse("0 0 30 2 *").nextAfter(Instant.parse("2024-01-01T00:00:00Z"), UTC)).isEmpty();
    }

    @Test
    void dailyRunInTheSkippedHourFiresOnceAtTheJumpInBerlin() {
        // 2024-03-31: 02:00 CET becomes 03:00 CEST; 02:30 does not exist that day.
        assertThat(firings("30 2 * * *", BERLIN, "2024-03-30T00:00:00Z", 3)).containsExactly(
                "2024-03-30T01:30:00Z",   // 02:30 CET
                "2024-03-31T01:00:00Z",   // 03:00 CEST, the moment the clock jumps past 02:30
                "2024-04-01T00:30:00Z");  // 02:30 CEST
    }

    @Test
    void dailyRunInTheRepeatedHourFiresOnceInBerlin() {
        // 2024-10-27: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        assertThat(firings("30 2 * * *", BERLIN, "2024-10-26T00:00:00Z", 3)).containsExactly(
                "2024-10-26T00:30:00Z", "2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z");
        // Asked again during the second 02:15 (CET), the day's slot has fired: the next is tomorrow.
        assertThat(next("30 2 * * *", BERLIN, "2024-10-27T01:15:00Z")).isEqualTo("2024-10-28T01:30:00Z");
        assertThat(next("30 2 * * *", BERLIN, "2024-10-27T00:30:00Z")).isEqualTo("2024-10-28T01:30:00Z");
    }

    @Test
    void dailyRunAcrossBothChangesInNewYork() {
        // 2024-03-10: 02:00 EST becomes 03:00 EDT. 2024-11-03: 02:00 EDT becomes 01:00 EST.
        assertThat(firings("30 2 * * *", NEW_YORK, "2024-03-09T00:00:00Z", 3)).containsExactly(
                "2024-03-09T07:30:00Z", "2024-03-10T07:00:00Z", "2024-03-11T06:30:00Z");
        assertThat(firings("30 1 * * *", NEW_YORK, "2024-11-02T00:00:00Z", 3)).containsExactly(
                "2024-11-02T05:30:00Z", "2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z");
        assertThat(next("30 1 * * *", NEW_YORK, "2024-11-03T06:10:00Z")).isEqualTo("2024-11-04T06:30:00Z");
    }

    @ParameterizedTest
    @CsvSource({
            "30 2 * * *, Europe/Berlin, 2024-03-20, 2024-04-10",
            "30 2 * * *, Europe/Berlin, 2024-10-20, 2024-11-10",
            "0 2 * * *, Europe/Berlin, 2024-03-20, 2024-04-10",
            "59 2 * * *, America/New_York, 2024-03-01, 2024-03-20",
            "30 1 * * *, America/New_York, 2024-10-25, 2024-11-15",
            "0 1 * * *, America/New_York, 2024-10-25, 2024-11-15"})
    void dailyScheduleFiresExactlyOncePerLocalDayAroundDaylightSaving(String cron, String zone, String from,
                                                                       String to) {
        ZoneId z = ZoneId.of(zone);
        Instant start = LocalDate.parse(from).atStartOfDay(z).toInstant();
        Instant end = LocalDate.parse(to).atStartOfDay(z).toInstant();
        List<Instant> fired = CronExpression.parse(cron).nextRuns(start, z, 100).stream()
                .filter(t -> t.isBefore(end)).toList();
        Map<LocalDate, Long> perDay = fired.stream()
                .collect(Collectors.groupingBy(t -> t.atZone(z).toLocalDate(), TreeMap::new, Collectors.counting()));
        assertThat(perDay).hasSize((int) java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse(from),
                LocalDate.parse(to)));
        assertThat(perDay.values()).containsOnly(1L);
    }

    @Test
    void hourlyScheduleNeitherDoublesNorStallsAcrossTheChanges() {
        assertThat(firings("0 * * * *", BERLIN, "2024-03-30T23:30:00Z", 3)).containsExactly(
                "2024-03-31T00:00:00Z",   // 01:00 CET
                "2024-03-31T01:00:00Z",   // 02:00 does not exist: at the jump, which is also 03:00 CEST
                "2024-03-31T02:00:00Z");  // 04:00 CEST
        assertThat(firings("0 * * * *", BERLIN, "2024-10-26T23:30:00Z", 3)).containsExactly(
                "2024-10-27T00:00:00Z",   // 02:00 CEST
                "2024-10-27T02:00:00Z",   // 03:00 CET: the repeated 02:00 does not fire again
                "2024-10-27T03:00:00Z");
        assertThat(firings("*/15 * * * *", BERLIN, "2024-03-31T00:40:00Z", 3)).containsExactly(
                "2024-03-31T00:45:00Z", "2024-03-31T01:00:00Z", "2024-03-31T01:15:00Z");
    }

    @Test
    void lastFiringAtOrBeforeCountsTheExactMinuteAndTheRepeatedHour() {
        CronExpression daily = CronExpression.parse("30 2 * * *");
        assertThat(daily.lastAtOrBefore(Instant.parse("2024-05-01T00:30:00Z"), BERLIN))
                .contains(Instant.parse("2024-05-01T00:30:00Z"));
        assertThat(daily.lastAtOrBefore(Instant.parse("2024-05-01T00:29:59Z"), BERLIN))
                .contains(Instant.parse("2024-04-30T00:30:00Z"));
        // During the second 02:15 of 2024-10-27 the day's 02:30 has already fired (in CEST).
        assertThat(daily.lastAtOrBefore(Instant.parse("2024-10-27T01:15:00Z"), BERLIN))
                .contains(Instant.parse("2024-10-27T00:30:00Z"));
        assertThat(daily.lastAtOrBefore(Instant.parse("2024-03-31T01:00:00Z"), BERLIN))
                .contains(Instant.parse("2024-03-31T01:00:00Z"));
    }

    /** Why this class does not hand zoned times to cron-utils: version 9.2.1 skips the spring-forward day. */
    @Test
    void cronUtilsAloneSkipsTheDailyRunOnTheSpringForwardDay() {
        ExecutionTime raw = ExecutionTime.forCron(
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse("30 2 * * *"));
        ZonedDateTime next = raw.nextExecution(ZonedDateTime.parse("2024-03-30T13:00:00+01:00[Europe/Berlin]"))
                .orElseThrow();
        assertThat(next.toLocalDate()).isEqualTo(LocalDate.parse("2024-04-01"));
    }

    private static List<String> firings(String cron, ZoneId zone, String after, int count) {
        return CronExpression.parse(cron).nextRuns(Instant.parse(after), zone, count).stream()
                .map(Instant::toString).toList();
    }

    private static String next(String cron, ZoneId zone, String after) {
        return CronExpression.parse(cron).nextAfter(Instant.parse(after), zone).map(Instant::toString).orElse("none");
    }
}
