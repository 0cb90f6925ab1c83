package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StallWatchTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicReference<OptionalLong> marker = new AtomicReference<>(OptionalLong.of(0));
    private final AtomicBoolean started = new AtomicBoolean(true);
    private final StallWatch watch = new StallWatch(Duration.ofSeconds(5), Duration.ofSeconds(20), now::get, marker::get,
            started::get);

    private boolean after(Duration elapsed, long value) {
        now.addAndGet(elapsed.toNanos());
        marker.set(OptionalLong.of(value));
        return watch.stalled();
    }

    @Test
    void aMarkerThatStandsStillForLongerThanTheLimitIsAStall() {
        assertThat(after(Duration.ofSeconds(1), 10)).isFalse();
        assertThat(after(Duration.ofSeconds(5), 10)).as("exactly the limit is not yet longer").isFalse();
        assertThat(after(Duration.ofMillis(1), 10)).isTrue();
    }

    @Test
    void anyMovementStartsTheLimitAgain() {
        assertThat(after(Duration.ofSeconds(4), 10)).isFalse();
        assertThat(after(Duration.ofSeconds(4), 11)).isFalse();
        assertThat(after(Duration.ofSeconds(4), 11)).isFalse();
        assertThat(after(Duration.ofSeconds(2), 11)).isTrue();
    }

    @Test
    void beforeTheTransferStartsTheConnectionSetupIsAllowedOnTop() {
        started.set(false);
        assertThat(after(Duration.ZERO, 0)).isFalse();
        assertThat(after(Duration.ofSeconds(24), 0)).isFalse();
        assertThat(after(Duration.ofSeconds(2), 0)).isTrue();
    }

    @Test
    void onceStartedOnlyTheLimitCounts() {
        started.set(false);
        assertThat(after(Duration.ZERO, 0)).isFalse();
        assertThat(after(Duration.ofSeconds(3), 0)).isFalse();
        started.set(true);
        assertThat(after(Duration.ofSeconds(3), 0)).isTrue();
    }

    @Test
    void aWatchThatCannotSeeNeverCallsAStall() {
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        marker.set(OptionalLong.empty());
        assertThat(watch.stalled()).isFalse();
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(watch.stalled()).isFalse();
    }
}
