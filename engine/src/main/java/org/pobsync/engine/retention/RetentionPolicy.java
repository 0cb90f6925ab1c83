package org.pobsync.engine.retention;

import java.util.ArrayList;
import java.util.List;

/**
 * How many snapshots, hours, days, ISO weeks, months and years of snapshots to keep. Each count is
 * nullable; null and 0 both mean "rule not set". A policy with no rule set keeps everything, as
 * Proxmox Backup Server does, so that a host without configured retention is never pruned.
 */
public record RetentionPolicy(Integer keepLast, Integer keepHourly, Integer keepDaily,
                              Integer keepWeekly, Integer keepMonthly, Integer keepYearly) {

    public RetentionPolicy {
        requireNotNegative("keep_last", keepLast);
        requireNotNegative("keep_hourly", keepHourly);
        requireNotNegative("keep_daily", keepDaily);
        requireNotNegative("keep_weekly", keepWeekly);
        requireNotNegative("keep_monthly", keepMonthly);
        requireNotNegative("keep_yearly", keepYearly);
    }

    /** The policy with no rule set: keeps everything. */
    public static RetentionPolicy keepAll() {
        return new RetentionPolicy(null, null, null, null, null, null);
    }

    public boolean keepsEverything() {
        return count(keepLast) + count(keepHourly) + count(keepDaily) + count(keepWeekly)
                + count(keepMonthly) + count(keepYearly) == 0;
    }

    /** The rules that are set, in the CLI's spelling: {@code keep-last 3, keep-daily 7}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        add(parts, "keep-last", keepLast);
        add(parts, "keep-hourly", keepHourly);
        add(parts, "keep-daily", keepDaily);
        add(parts, "keep-weekly", keepWeekly);
        add(parts, "keep-monthly", keepMonthly);
        add(parts, "keep-yearly", keepYearly);
        return parts.isEmpty() ? "no rule set (keep everything)" : String.join(", ", parts);
    }

    static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static void add(List<String> parts, String label, Integer value) {
        if (count(value) > 0) {
            parts.add(label + " " + value);
        }
    }

    private static void requireNotNegative(String name, Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
