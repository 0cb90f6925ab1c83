package org.pobsync.config;

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

    private static void check(String name, Integer value) {
        if (value != null && (value < 0 || value > 100_000)) {
            throw new IllegalArgumentException(name + " must be between 0 and 100000, got " + value);
        }
    }

    public boolean keepsEverything() {
        return isUnset(keepLast) && isUnset(keepHourly) && isUnset(keepDaily) && isUnset(keepWeekly)
                && isUnset(keepMonthly) && isUnset(keepYearly);
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

    /** "last=3 daily=7 weekly=4", or "keep everything". */
    public String describe() {
        if (keepsEverything()) {
            return "keep everything";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, "last", keepLast);
        append(sb, "hourly", keepHourly);
        append(sb, "daily", keepDaily);
        append(sb, "weekly", keepWeekly);
        append(sb, "monthly", keepMonthly);
        append(sb, "yearly", keepYearly);
        return sb.toString().trim();
    }

    private static void append(StringBuilder sb, String name, Integer v) {
        if (!isUnset(v)) {
            sb.append(name).append('=').append(v).append(' ');
        }
    }

    private static boolean isUnset(Integer v) {
        return v == null || v == 0;
    }
}
