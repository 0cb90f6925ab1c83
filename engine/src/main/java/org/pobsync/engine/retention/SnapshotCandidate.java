package org.pobsync.engine.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * One snapshot of a host as retention sees it (read from the database's snapshot records, not
 * from the filesystem). Records already {@code deleted} or {@code missing} are not candidates.
 *
 * @param name      the snapshot name, unique per host
 * @param startedAt the start time; snapshots are ordered and put into periods by it
 */
public record SnapshotCandidate(String name, Instant startedAt, Status status) {

    public enum Status {
        /** Renamed into place, every file arrived. Takes part in the rules. */
        COMPLETE,
        /** Renamed into place, some files were not transferred (rsync 23). Takes part in the rules. */
        PARTIAL,
        /** Still {@code <name>.incomplete}: running, failed or cancelled. Never kept by a rule. */
        INCOMPLETE,
        /** A prune marked it and started removing it; the next prune finishes the job. */
        DELETING;

        boolean takesPartInRules() {
            return this == COMPLETE || this == PARTIAL;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SnapshotCandidate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(status, "status");
    }
}
