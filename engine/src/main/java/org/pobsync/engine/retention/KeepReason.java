package org.pobsync.engine.retention;

/** Why a snapshot is kept: a retention rule, or one of pobsync's safety rules. */
public enum KeepReason {
    LAST("last"),
    HOURLY("hourly"),
    DAILY("daily"),
    WEEKLY("weekly"),
    MONTHLY("monthly"),
    YEARLY("yearly"),
    /** No rule is set, so the policy keeps everything. */
    NO_POLICY("no policy"),
    /** The newest complete snapshot is always kept, whatever the policy says. */
    NEWEST_COMPLETE("newest complete"),
    /** rsync is hard-linking against it right now (--link-dest). */
    RUNNING_BASE("base of a running backup"),
    /** An incomplete snapshot newer than the newest complete one: running, or the latest failure. */
    NEWEST_INCOMPLETE("newer than the newest complete");

    private final String label;

    KeepReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isRule() {
        return ordinal() <= YEARLY.ordinal();
    }
}
