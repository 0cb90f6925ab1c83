package org.pobsync.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pobsync.schedule.CronExpression;

/**
 * How often a host must get a good snapshot, and where that comes from: the host's own setting,
 * its schedule, or the global default. A schedule's expectation is the longest gap between two
 * of its slots plus {@link #SCHEDULE_SLACK} (the backup itself takes time): a daily schedule
 * expects a snapshot every 26 h, a weekday one 74 h (the weekend), an hourly one 3 h.
 */
public record Expectation(Duration every, Source source) {

    public enum Source {
        HOST, SCHEDULE, DEFAULT;

        public String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final Duration SCHEDULE_SLACK = Duration.ofHours(2);
    /** Slots looked at: two weeks of a weekday schedule, more than a year of a monthly one. */
    private static final int SLOTS = 15;
    private static final int CACHE_LIMIT = 4096;
    /** Parsing and walking a cron expression is the costly part; the dashboard asks for every host. */
    private static final Map<String, Duration> GAPS = new ConcurrentHashMap<>();

    public long hours() {
        return every.toHours();
    }

    /**
     * The expectation of a host: {@code hostHours} when set, else its schedule's when it has an
     * enabled one that fires, else {@code defaultHours}.
     */
    public static Expectation of(Integer hostHours, String cron, ZoneId zone, boolean scheduleActive,
                                 int defaultHours, Instant now) {
        if (hostHours != null) {
            return new Expectation(Duration.ofHours(hostHours), Source.HOST);
        }
        if (scheduleActive && cron != null) {
            Duration gap = longestGap(cron, zone, now);
            if (gap != null) {
                return new Expectation(gap.plus(SCHEDULE_SLACK), Source.SCHEDULE);
            }
        }
        return new Expectation(Duration.ofHours(defaultHours), Source.DEFAULT);
    }

    /** The longest time between two consecutive slots of the schedule; null when it never fires. */
    static Duration longestGap(String cron, ZoneId zone, Instant now) {
        String key = cron + " " + zone.getId();
        Duration cached = GAPS.get(key);
        if (cached != null) {
            return cached.isZero() ? null : cached;
        }
        Duration gap;
        try {
            List<Instant> slots = CronExpression.parse(cron).nextRuns(now, zone, SLOTS);
            gap = Duration.ZERO;
            for (int i = 1; i < slots.size(); i++) {
                Duration d = Duration.between(slots.get(i - 1), slots.get(i));
                if (d.compareTo(gap) > 0) {
                    gap = d;
                }
            }
        } catch (IllegalArgumentException broken) {
            gap = Duration.ZERO;
        }
        if (GAPS.size() > CACHE_LIMIT) {
            GAPS.clear();
        }
        GAPS.put(key, gap);
        return gap.isZero() ? null : gap;
    }
}
