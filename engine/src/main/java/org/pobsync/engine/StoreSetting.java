package org.pobsync.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which snapshot store a backup root should use (the global setting {@code snapshot_store}). */
public enum StoreSetting {
    /** btrfs where the backup root allows it (see {@link org.pobsync.engine.store.StoreProbe}), hard links everywhere else. */
    AUTO,
    /** Always hard links, on any POSIX file system. */
    HARDLINK,
    /** Always btrfs subvolumes; a backup fails, saying what is missing, where that is impossible. */
    BTRFS;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StoreSetting> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.dbValue().equals(text)).findFirst();
    }
}
