package org.pobsync.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pobsync.engine.StoreKind;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.engine.layout.SnapshotEntry;
import org.pobsync.engine.layout.SnapshotLayout;

/**
 * Each snapshot is a btrfs subvolume. A backup starts as a writable snapshot of the base
 * subvolume (no file is copied or linked), rsync brings it up to date, and a complete one is made
 * read-only before the rename, so nothing that later writes into the backup root can change it.
 * The previous snapshot is never written: the new one shares its data by copy-on-write only.
 */
final class BtrfsStore implements SnapshotStore {

    private final Btrfs btrfs;
    private final ReflinkCopy reflink;

    BtrfsStore(Btrfs btrfs, ReflinkCopy reflink) {
        this.btrfs = btrfs;
        this.reflink = reflink;
    }

    @Override
    public StoreKind kind() {
        return StoreKind.BTRFS;
    }

    @Override
    public StoreStart begin(Path workDir, SnapshotEntry base) throws IOException {
        if (base != null && Btrfs.isSubvolume(base.path())) {
            btrfs.snapshot(base.path(), workDir);
            return new StoreStart(null, "base " + base.name() + " (a writable btrfs snapshot of it, brought up to date by rsync)");
        }
        btrfs.createSubvolume(workDir);
        if (base == null) {
            Files.createDirectory(SnapshotLayout.dataDir(workDir));
            return new StoreStart(null, "base none (full copy into a new btrfs subvolume)");
        }
        return new StoreStart(null, reflink.startFrom(base, workDir,
                "base " + base.name() + " is a plain directory of the hardlink store, which a btrfs snapshot cannot start from"));
    }

    @Override
    public void seal(Path workDir) throws IOException {
        btrfs.setReadOnly(workDir, true);
    }
}
