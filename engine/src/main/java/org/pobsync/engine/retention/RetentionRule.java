package org.pobsync.engine.retention;

import java.time.LocalDateTime;
import java.time.temporal.IsoFields;

/**
 * The six retention rules in the order they run, each with the period a snapshot falls into. A
 * period is a number standing for Proxmox Backup Server's strftime id ({@code %Y/%m/%d/%H},
 * {@code %Y/%m/%d}, {@code %G/%V}, {@code %Y/%m}, {@code %Y}) of the snapshot's local start
 * time; keep-last gives every snapshot a period of its own.
 */
enum RetentionRule {
    LAST(KeepReason.LAST),
    HOURLY(KeepReason.HOURLY),
    DAILY(KeepReason.DAILY),
    WEEKLY(KeepReason.WEEKLY),
    MONTHLY(KeepReason.MONTHLY),
    YEARLY(KeepReason.YEARLY);

    private final KeepReason reason;

    RetentionRule(KeepReason reason) {
        this.reason = reason;
    }

    KeepReason reason() {
        return reason;
    }

    /** How many periods the policy keeps for this rule; 0 when the rule is not set. */
    int count(RetentionPolicy policy) {
        switch (this) {
            case LAST: return RetentionPolicy.count(policy.keepLast());
            case HOURLY: return RetentionPolicy.count(policy.keepHourly());
            case DAILY: return RetentionPolicy.count(policy.keepDaily());
            case WEEKLY: return RetentionPolicy.count(policy.keepWeekly());
            case MONTHLY: return RetentionPolicy.count(policy.keepMonthly());
            default: return RetentionPolicy.count(policy.keepYearly());
        }
    }

    /**
     * The period of the snapshot at {@code index} (newest first) starting at {@code local}. Equal
     * numbers mean the same period; the numbers carry no other meaning.
     */
    long period(int index, LocalDateTime local) {
        switch (this) {
            case LAST: return index;
            case HOURLY: return local.toLocalDate().toEpochDay() * 24 + local.getHour();
            case DAILY: return local.toLocalDate().toEpochDay();
            case WEEKLY:
                // ISO week-based year, not the calendar year: 2020-12-31 lies in 2020-W53 and
                // 2021-01-03 too, while 2019-12-30 lies in 2020-W01.
                return local.get(IsoFields.WEEK_BASED_YEAR) * 100L
                        + local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTHLY: return local.getYear() * 12L + local.getMonthValue() - 1;
            default: return local.getYear();
        }
    }
}
