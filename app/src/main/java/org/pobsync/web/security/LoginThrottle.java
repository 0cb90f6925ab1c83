package org.pobsync.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing. Every failed login costs the caller a short, growing delay;
 * after {@link #USER_FAILURES} failures for one user name (or {@link #ADDRESS_FAILURES} from
 * one address) within {@link #WINDOW}, further attempts are refused without checking the
 * password, for a lock-out that doubles with each further failure up to {@link #MAX_LOCK}.
 * The address limit is higher so colleagues behind one NAT do not lock each other out.
 * State is in memory: a restart forgets it, which is acceptable for a delay, not a ban.
 */
final class LoginThrottle {

    static final int USER_FAILURES = 5;
    static final int ADDRESS_FAILURES = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final Duration STEP_DELAY = Duration.ofMillis(250);
    static final Duration MAX_DELAY = Duration.ofSeconds(2);
    /** Bounds memory when someone sprays random user names. */
    static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long attempts for this user name or from this address stay refused; zero when allowed. */
    Duration lockRemaining(String username, String address) {
        Instant now = clock.instant();
        Duration user = remaining(userKey(username), USER_FAILURES, now);
        Duration addr = remaining(addressKey(address), ADDRESS_FAILURES, now);
        return user.compareTo(addr) >= 0 ? user : addr;
    }

    /** Records a failed password check; returns the delay to impose on this response. */
    Duration failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            failures.entrySet().removeIf(e -> e.getValue().last().plus(WINDOW).isBefore(now));
        }
        int n = bump(userKey(username), now);
        bump(addressKey(address), now);
        Duration delay = STEP_DELAY.multipliedBy(n);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** A successful login clears the user name's count (the address keeps its own). */
    void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private int bump(String key, Instant now) {
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(key)) {
            return 1;
        }
        return failures.merge(key, new Failures(1, now), (old, one) ->
                old.last().plus(WINDOW).isBefore(now) ? one : new Failures(old.count() + 1, now)).count();
    }

    private Duration remaining(String key, int limit, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.count() < limit || f.last().plus(WINDOW).isBefore(now)) {
            return Duration.ZERO;
        }
        Duration lock = Duration.ofMinutes(1L << Math.min(f.count() - limit, 4));
        if (lock.compareTo(MAX_LOCK) > 0) {
            lock = MAX_LOCK;
        }
        Duration left = Duration.between(now, f.last().plus(lock));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static String userKey(String username) {
        return "u:" + (username == null ? "" : username);
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }
}
