package org.pobsync.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Where a host's expectation comes from, and what a schedule makes of it. */
class ExpectationTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void theHostsOwnHoursWinOverItsScheduleAndTheDefault() {
        assertThat(Expectation.of(50, "15 2 * * *", UTC, true, 26, NOW))
                .isEqualTo(new Expectation(Duration.ofHours(50), Expectation.Source.HOST));
    }

    @Test
    void aScheduleExpectsItsLongestGapPlusTwoHours() {
        assertThat(Expectation.of(null, "15 2 * * *", UTC, true, 26, NOW).every()).isEqualTo(Duration.ofHours(26));
        assertThat(Expectation.of(null, "0 * * * *", UTC, true, 26, NOW).every()).isEqualTo(Duration.ofHours(3));
        assertThat(Expectation.of(null, "0 3 * * 1-5", ZoneId.of("Europe/Berlin"), true, 26, NOW).every())
                .as("the weekend").isEqualTo(Duration.ofHours(74));
        assertThat(Expectation.of(null, "0 3 * * 1-5", UTC, true, 26, NOW).source())
                .isEqualTo(Expectation.Source.SCHEDULE);
    }

    @Test
    void withoutAnActiveScheduleTheGlobalDefaultApplies() {
        Expectation def = new Expectation(Duration.ofHours(30), Expectation.Source.DEFAULT);
        assertThat(Expectation.of(null, null, null, false, 30, NOW)).isEqualTo(def);
        assertThat(Expectation.of(null, "15 2 * * *", UTC, false, 30, NOW)).as("schedule disabled").isEqualTo(def);
        assertThat(Expectation.of(null, "0 0 30 2 *", UTC, true, 30, NOW)).as("never fires").isEqualTo(def);
    }
}
