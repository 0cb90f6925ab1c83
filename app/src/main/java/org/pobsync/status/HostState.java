package org.pobsync.status;

import java.util.Locale;

/**
 * The one state a host is in (SPEC section 14), decided by {@link HostHealth#assess}. Names are
 * a contract: the API, {@code pobsync status} and the {@code pobsync_host_state} metric use
 * {@link #dbValue()}.
 */
public enum HostState {
    /** Good snapshot within the expectation (or none yet, within the grace period of a new host). */
    OK,
    /** No good snapshot within the host's expectation. */
    LATE,
    /** The host's last K runs failed. */
    FAILING,
    /** No good snapshot ever, and the grace period since the host was added has passed. */
    NEVER,
    /** Not backed up on schedule and never alerted on. */
    DISABLED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A state an operator must be told about. */
    public boolean bad() {
        return this == LATE || this == FAILING || this == NEVER;
    }

    /** Worst first: the order lists and dashboards sort hosts in. */
    public int severity() {
        return switch (this) {
            case FAILING -> 0;
            case NEVER -> 1;
            case LATE -> 2;
            case OK -> 3;
            case DISABLED -> 4;
        };
    }

    public static HostState parse(String value) {
        for (HostState s : values()) {
            if (s.dbValue().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown host state '" + value + "': use ok, late, failing, never or disabled");
    }
}
