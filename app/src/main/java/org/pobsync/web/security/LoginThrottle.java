package org.pobsync.web.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Slows password guessing without handing a stranger a way to lock a real user out. Two budgets:
 * <ul>
 *   <li>per (user name, client network) pair: after the second failed attempt in a row the pair
 *       waits before it may try again, {@link #FIRST_DELAY} doubling up to {@link #MAX_DELAY};
 *       a success clears it.
 *       Failures for {@code admin} from one place never slow {@code admin} from another, so
 *       there is no lock on a user name alone;</li>
 *   <li>per client network (an IPv4 address, an IPv6 /64): {@link #ADDRESS_BUDGET} attempts that
 *       refill at one per {@link #ADDRESS_REFILL}, spent by every failed attempt whatever the
 *       user name, so spraying names from one place is bounded too.</li>
 * </ul>
 * An attempt is counted when it starts and refunded when it succeeds, so parallel requests cannot
 * all slip in before the first failure is recorded. Memory is bounded: once a table is full and
 * nothing in it has expired, every new key shares one overflow entry that throttles like any
 * other, so a flood of addresses can slow newcomers down but never lets a guess through unmetered.
 * The address is the client's as the servlet container reports it (behind a trusted proxy, the
 * forwarded one). State is in memory: a restart forgets it, which is right for a delay.
 */
final class LoginThrottle {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(10);
    /**
     * A pair is forgotten (starts again from the first delay) once it has been quiet for four
     * times its current delay, and at least this long. Waiting for that never beats waiting out
     * the delays, and it keeps the pairs one network can hold to a few dozen, so filling the
     * table takes hundreds of networks.
     */
    static final Duration PAIR_MEMORY = Duration.ofMinutes(15);
    static final int ADDRESS_BUDGET = 30;
    static final Duration ADDRESS_REFILL = Duration.ofMinutes(1);
    static final int MAX_ENTRIES = 20_000;
    static final String OVERFLOW = "\0overflow";
    private static final int MAX_USERNAME = 150;
    private static final Pattern IP_LITERAL = Pattern.compile("^[0-9A-Fa-f:.]+(%[0-9A-Za-z_.-]+)?$");

    /** Whether an attempt may go ahead, and if not, for how long it may not. */
    record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }

    private record Pair(int failures, Instant notBefore, Instant lastAttempt) {
    }

    private record Budget(double tokens, Instant updated) {
    }

    private final Map<String, Pair> pairs = new HashMap<>();
    private final Map<String, Budget> budgets = new HashMap<>();
    private final Clock clock;
    private Instant lastPurge = Instant.EPOCH;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts a login attempt: refused (nothing counted) while the pair waits or the network's
     * budget is spent; otherwise allowed and counted as a failure until {@link #succeeded}.
     */
    synchronized Decision attempt(String username, String address) {
        Instant now = clock.instant();
        purgeIfFull(now);
        String network = network(address);
        String pairKey = key(pairs, user(username) + "\0" + network);
        String budgetKey = key(budgets, network);
        Pair pair = pairs.get(pairKey);
        if (pair != null && now.isBefore(pair.notBefore())) {
            return new Decision(false, Duration.between(now, pair.notBefore()));
        }
        Budget budget = refilled(budgets.get(budgetKey), now);
        if (budget.tokens() < 1) {
            return new Decision(false, Duration.ofMillis((long) Math.ceil((1 - budget.tokens())
                    * ADDRESS_REFILL.toMillis())));
        }
        int failures = pair == null || forgotten(pair, now) ? 1 : pair.failures() + 1;
        pairs.put(pairKey, new Pair(failures, now.plus(delay(failures)), now));
        budgets.put(budgetKey, new Budget(budget.tokens() - 1, now));
        return Decision.ALLOWED;
    }

    /** The attempt had the right password: the pair is cleared and the network's budget refunded. */
    synchronized void succeeded(String username, String address) {
        String network = network(address);
        String pairKey = user(username) + "\0" + network;
        pairs.remove(pairKey);
        Budget budget = budgets.get(network);
        if (budget != null) {
            budgets.put(network, new Budget(Math.min(ADDRESS_BUDGET, budget.tokens() + 1), budget.updated()));
        }
    }

    /**
     * The wait after {@code failures} failed attempts in a row: none after the first (a typo is
     * retyped at once), then 1 s, 2 s, 4 s, ... up to {@link #MAX_DELAY}.
     */
    static Duration delay(int failures) {
        if (failures <= 1) {
            return Duration.ZERO;
        }
        Duration d = FIRST_DELAY.multipliedBy(1L << Math.min(failures - 2, 20));
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /**
     * What counts as one client: the address itself for IPv4, its /64 for IPv6 (one subscriber
     * usually holds a whole /64, so counting single IPv6 addresses would give an attacker millions
     * of fresh budgets). Also the address the audit log uses for refused attempts.
     */
    static String network(String address) {
        if (address == null || address.isBlank()) {
            return "(unknown)";
        }
        if (address.indexOf(':') < 0 || !IP_LITERAL.matcher(address).matches()) {
            return address.length() > 64 ? address.substring(0, 64) : address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix + ":/64";
        } catch (UnknownHostException e) {
            return address.length() > 64 ? address.substring(0, 64) : address;
        }
    }

    private static boolean forgotten(Pair pair, Instant now) {
        Duration memory = delay(pair.failures()).multipliedBy(4);
        return pair.lastAttempt().plus(memory.compareTo(PAIR_MEMORY) > 0 ? memory : PAIR_MEMORY).isBefore(now);
    }

    private static String user(String username) {
        String u = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return u.length() > MAX_USERNAME ? u.substring(0, MAX_USERNAME) : u;
    }

    private static Budget refilled(Budget budget, Instant now) {
        if (budget == null) {
            return new Budget(ADDRESS_BUDGET, now);
        }
        double refill = (double) Duration.between(budget.updated(), now).toMillis() / ADDRESS_REFILL.toMillis();
        return new Budget(Math.min(ADDRESS_BUDGET, budget.tokens() + refill), now);
    }

    /** A key of a full table that is not in it shares the overflow entry instead. */
    private static String key(Map<String, ?> table, String key) {
        return table.size() >= MAX_ENTRIES && !table.containsKey(key) ? OVERFLOW : key;
    }

    /** Drops what no longer throttles anything, at most once a second and only when a table is full. */
    private void purgeIfFull(Instant now) {
        if ((pairs.size() < MAX_ENTRIES && budgets.size() < MAX_ENTRIES) || now.isBefore(lastPurge.plusSeconds(1))) {
            return;
        }
        lastPurge = now;
        pairs.values().removeIf(p -> forgotten(p, now));
        budgets.values().removeIf(b -> refilled(b, now).tokens() >= ADDRESS_BUDGET);
    }

    synchronized int trackedEntries() {
        return pairs.size() + budgets.size();
    }
}
