package org.pobsync.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.TestClock;

class LoginThrottleTest {

    final TestClock clock = TestClock.at("2026-11-23T10:00:00Z");
    final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void aTypoIsFreeThenEachFailureDoublesTheWaitOfThatUserAndAddress() {
        assertThat(throttle.attempt("alice", "10.0.0.1").allowed()).isTrue();
        assertThat(throttle.attempt("alice", "10.0.0.1").allowed()).as("a typo is retyped at once").isTrue();
        assertThat(throttle.attempt("alice", "10.0.0.1")).isEqualTo(new LoginThrottle.Decision(false, Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.attempt("alice", "10.0.0.1").allowed()).isTrue();
        assertThat(throttle.attempt("alice", "10.0.0.1").retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(LoginThrottle.delay(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(LoginThrottle.delay(12)).isEqualTo(LoginThrottle.MAX_DELAY);
        assertThat(LoginThrottle.delay(5_000)).isEqualTo(LoginThrottle.MAX_DELAY);
    }

    @Test
    void aStrangersFailuresNeverLockTheSameUserNameElsewhere() {
        for (int i = 0; i < 25; i++) {
            clock.advance(LoginThrottle.MAX_DELAY);
            throttle.attempt("admin", "198.51.100.66");
        }
        assertThat(throttle.attempt("admin", "198.51.100.66").allowed()).isFalse();
        assertThat(throttle.attempt("admin", "192.0.2.10").allowed()).isTrue();
        assertThat(throttle.attempt("bob", "198.51.100.66").allowed()).isTrue();
    }

    @Test
    void oneAddressTryingManyUserNamesRunsOutOfItsBudget() {
        for (int i = 0; i < LoginThrottle.ADDRESS_BUDGET; i++) {
            assertThat(throttle.attempt("user" + i, "203.0.113.9").allowed()).isTrue();
        }
        LoginThrottle.Decision refused = throttle.attempt("someone-else", "203.0.113.9");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(LoginThrottle.ADDRESS_REFILL);
        assertThat(throttle.attempt("someone-else", "203.0.113.10").allowed()).isTrue();
        clock.advance(LoginThrottle.ADDRESS_REFILL);
        assertThat(throttle.attempt("someone-else", "203.0.113.9").allowed()).isTrue();
    }

    @Test
    void anIpv6SubscriberIsOneClientForItsWholeSlash64() {
        for (int i = 0; i < LoginThrottle.ADDRESS_BUDGET; i++) {
            assertThat(throttle.attempt("user" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1)).allowed()).isTrue();
        }
        assertThat(throttle.attempt("other", "2001:db8:1:2:ffff::1").allowed()).isFalse();
        assertThat(throttle.attempt("other", "2001:db8:1:3::1").allowed()).isTrue();
        assertThat(LoginThrottle.network("2001:db8:1:2:0:0:0:7")).isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginThrottle.network("192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void aSuccessClearsTheWaitAndRefundsTheBudget() {
        throttle.attempt("alice", "10.0.0.1");
        throttle.attempt("alice", "10.0.0.1");
        throttle.succeeded("alice", "10.0.0.1");
        assertThat(throttle.attempt("alice", "10.0.0.1").allowed()).isTrue();
        for (int i = 0; i < 100; i++) {
            throttle.attempt("alice" + i, "10.0.0.2");
            throttle.succeeded("alice" + i, "10.0.0.2");
        }
        assertThat(throttle.attempt("carol", "10.0.0.2").allowed()).as("colleagues logging in spend nothing").isTrue();
    }

    @Test
    void userNamesDifferingOnlyInCaseShareTheirWait() {
        throttle.attempt("admin", "10.0.0.1");
        throttle.attempt("Admin", "10.0.0.1");
        assertThat(throttle.attempt("ADMIN", "10.0.0.1").allowed()).isFalse();
        assertThat(throttle.attempt(" Admin ", "10.0.0.1").allowed()).isFalse();
    }

    @Test
    void aFullTableThrottlesNewcomersInsteadOfLettingThemThrough() {
        for (int i = 0; throttle.trackedEntries() < 2 * LoginThrottle.MAX_ENTRIES && i < 3 * LoginThrottle.MAX_ENTRIES; i++) {
            throttle.attempt("spray" + i, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(throttle.trackedEntries()).isLessThanOrEqualTo(2 * LoginThrottle.MAX_ENTRIES + 2);
        // Nothing expired: a new pair shares the overflow entry, so guessing stays metered.
        assertThat(throttle.attempt("admin", "192.0.2.99").allowed()).isTrue();
        assertThat(throttle.attempt("admin", "192.0.2.99").allowed()).isTrue();
        assertThat(throttle.attempt("admin", "192.0.2.99").allowed()).isFalse();
        assertThat(throttle.attempt("root", "192.0.2.100").allowed()).as("shares the overflow entry").isFalse();

        clock.advance(Duration.ofHours(1));
        assertThat(throttle.attempt("admin", "192.0.2.99").allowed()).isTrue();
        assertThat(throttle.trackedEntries()).as("forgotten entries make room again").isLessThan(10);
    }
}
