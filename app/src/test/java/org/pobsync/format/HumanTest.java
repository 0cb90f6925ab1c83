package org.pobsync.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HumanTest {

    @Test
    void aCountMeetsItsNounInTheRightForm() {
        assertThat(Human.plural(0, "file")).isEqualTo("0 files");
        assertThat(Human.plural(1, "file")).isEqualTo("1 file");
        assertThat(Human.plural(2, "file")).isEqualTo("2 files");
        assertThat(Human.plural(12_345, "snapshot")).isEqualTo("12,345 snapshots");
        assertThat(Human.plural(1, "entry", "entries")).isEqualTo("1 entry");
        assertThat(Human.plural(3, "entry", "entries")).isEqualTo("3 entries");
    }

    @Test
    void oneFunctionWritesATimeInAZoneAndUtcIsCalledUtc() {
        Instant t = Instant.parse("2026-11-24T01:15:00Z");
        assertThat(Human.dateTime(t, ZoneId.of("Europe/Amsterdam"))).isEqualTo("2026-11-24 02:15:00 CET");
        assertThat(Human.dateTime(t, ZoneOffset.UTC)).isEqualTo("2026-11-24 01:15:00 UTC");
        assertThat(Human.utc(t)).isEqualTo("2026-11-24 01:15:00 UTC");
        assertThat(Human.dateTime(null, ZoneOffset.UTC)).isEqualTo("–");
    }
}
