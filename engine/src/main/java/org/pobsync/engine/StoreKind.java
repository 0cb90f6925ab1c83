package org.pobsync.engine;

import java.util.Locale;

/** How a snapshot is kept on disk. */
public enum StoreKind {
    /** A plain directory tree; unchanged files are hard links to the previous snapshot. */
    HARDLINK,
    /** A btrfs subvolume, started as a snapshot of the previous one and read-only once complete. */
    BTRFS;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
