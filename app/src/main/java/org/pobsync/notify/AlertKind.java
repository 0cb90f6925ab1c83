package org.pobsync.notify;

import java.util.Locale;

/**
 * What an alert is about (SPEC section 14); a channel can be limited to some of these. The
 * names are a contract: the CLI's {@code --conditions}, the webhook body's {@code condition}.
 */
public enum AlertKind {
    /** A host's state: late, failing, never (and recovered). */
    HOST,
    /** The backup root's free space under the threshold, or the backup root missing. */
    DISK,
    /** The scheduler or a worker not seen for longer than its expected interval. */
    SERVICE,
    /** A schedule whose slot could not be queued. */
    SCHEDULE,
    /** A prune refused by its max-delete bound. */
    PRUNE,
    /** A run that met a host key other than the pinned one. */
    HOST_KEY,
    /** The daily digest of every host's state. */
    DIGEST;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertKind parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (AlertKind k : values()) {
            if (k.dbValue().equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown condition '" + value
                + "': use host, disk, service, schedule, prune, host_key or digest");
    }
}
