package org.pobsync.config;

import org.pobsync.engine.retention.RetentionPolicy;

/**
 * The keep-* counts of a retention policy as stored (global default or host override). Null
 * means the rule is not set; a policy with no rule set keeps everything.
 */
public record RetentionSettings(Integer keepLast, Integer keepHourly, Integer keepDaily,
                                Integer keepWeekly, Integer keepMonthly, Integer keepYearly) {

    public static final RetentionSettings KEEP_EVERYTHING = new RetentionSettings(null, null, null, null, null, null);

    public RetentionSettings {
        check("keep-last", keepLast);
        check("keep-hourly", keepHourly);
        check("keep-daily", keepDaily);
        check("keep-weekly", keepWeekly);
        check("keep-monthly", keepMonthly);
        check("keep-yearly", keepYearly);
    }

    /** The range of one rule's count ({@code name} as the CLI spells it); IllegalArgumentException when outside. */
    public static void check(String name, Integer value) {
        if (value != null && (value < 0 || value > 100_000)) {
            throw new IllegalArgumentException(name + " must be between 0 and 100000, got " + value);
        }
    }

    /** The engine's policy with these rules (the planner's input). */
    public RetentionPolicy toPolicy() {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly);
    }

    public boolean keepsEverything() {
        return toPolicy().keepsEverything();
    }

    /** Each rule of {@code changes} that is set replaces the one here. */
    public RetentionSettings with(RetentionSettings changes) {
        return new RetentionSettings(
                changes.keepLast != null ? changes.keepLast : keepLast,
                changes.keepHourly != null ? changes.keepHourly : keepHourly,
                changes.keepDaily != null ? changes.keepDaily : keepDaily,
                changes.keepWeekly != null ? changes.keepWeekly : keepWeekly,
                changes.keepMonthly != null ? changes.keepMonthly : keepMonthly,
                changes.keepYearly != null ? changes.keepYearly : keepYearly);
    }

    public boolean anySet() {
        return keepLast != null || keepHourly != null || keepDaily != null || keepWeekly != null
                || keepMonthly != null || keepYearly != null;
    }

    /** "keep-last 3, keep-daily 7", or that nothing is set. */
    public String describe() {
        return toPolicy().describe();
    }
}
