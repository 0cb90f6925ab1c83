package org.pobsync.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.TestClock;

class LoginThrottleTest {

    final TestClock clock = TestClock.at("2026-11-23T10:00:00Z");
    final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void aFewFailuresOnlySlowTheAnswerDown() {
        assertThat(throttle.failed("alice", "10.0.0.1")).isEqualTo(Duration.ofMillis(250));
        assertThat(throttle.failed("alice", "10.0.0.1")).isEqualTo(Duration.ofMillis(500));
        assertThat(throttle.lockRemaining("alice", "10.0.0.1")).isZero();
    }

    @Test
    void theDelayIsCapped() {
        Duration last = Duration.ZERO;
        for (int i = 0; i < 30; i++) {
            last = throttle.failed("u" + (i % 3), "10.0.0." + i);
        }
        assertThat(last).isLessThanOrEqualTo(LoginThrottle.MAX_DELAY);
    }

    @Test
    void fiveFailuresLockTheUserNameForAMinuteFromAnyAddress() {
        for (int i = 0; i < LoginThrottle.USER_FAILURES; i++) {
            throttle.failed("alice", "10.0.0." + i);
        }
        assertThat(throttle.lockRemaining("alice", "192.0.2.1")).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.lockRemaining("bob", "192.0.2.1")).isZero();
        clock.advance(Duration.ofSeconds(61));
        assertThat(throttle.lockRemaining("alice", "192.0.2.1")).isZero();
    }

    @Test
    void eachFurtherFailureDoublesTheLockUpToTheMaximum() {
        for (int i = 0; i < LoginThrottle.USER_FAILURES + 2; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        assertThat(throttle.lockRemaining("alice", null)).isEqualTo(Duration.ofMinutes(4));
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        assertThat(throttle.lockRemaining("alice", null)).isEqualTo(LoginThrottle.MAX_LOCK);
    }

    @Test
    void oneAddressTryingManyUserNamesIsLockedToo() {
        for (int i = 0; i < LoginThrottle.ADDRESS_FAILURES; i++) {
            throttle.failed("user" + i, "203.0.113.9");
        }
        assertThat(throttle.lockRemaining("someone-else", "203.0.113.9")).isPositive();
        assertThat(throttle.lockRemaining("someone-else", "203.0.113.10")).isZero();
    }

    @Test
    void successClearsTheUserNameAndOldFailuresExpire() {
        for (int i = 0; i < LoginThrottle.USER_FAILURES - 1; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        throttle.succeeded("alice");
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.lockRemaining("alice", null)).isZero();
        for (int i = 0; i < LoginThrottle.USER_FAILURES - 2; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        assertThat(throttle.failed("alice", "10.0.0.1")).as("counting starts again").isEqualTo(Duration.ofMillis(250));
    }
}
