package org.pobsync.engine.store;

import org.pobsync.engine.StoreKind;
import org.pobsync.engine.StoreSetting;

/**
 * Which store a backup root gets, and why.
 *
 * @param setting the configured setting
 * @param kind    the store in use; null when the setting forces btrfs where it cannot work
 * @param reason  one sentence: why this store (under auto, also what btrfs lacks)
 * @param btrfs   what the probe found out about btrfs; null when the setting is hardlink
 */
public record StoreChoice(StoreSetting setting, StoreKind kind, String reason, BtrfsSupport btrfs) {

    public boolean usable() {
        return kind != null;
    }

    /** "btrfs (auto: ...)", as the run log and Self Check show it. */
    public String describe() {
        return (kind == null ? "none" : kind.dbValue()) + " (" + reason + ")";
    }
}
