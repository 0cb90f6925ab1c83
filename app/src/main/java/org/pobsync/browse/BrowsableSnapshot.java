package org.pobsync.browse;

import org.pobsync.snapshots.SnapshotRecord;

/**
 * A complete or partial snapshot, the only kinds whose files can be looked at: an incomplete one
 * may be half written, a deleted or missing one has nothing left.
 */
public record BrowsableSnapshot(SnapshotRecord record) {

    public String host() {
        return record.hostName();
    }

    public String name() {
        return record.name();
    }

    public long id() {
        return record.id();
    }

    /** "web1/20261123T021500Z", for messages and the audit log. */
    public String label() {
        return host() + "/" + name();
    }
}
