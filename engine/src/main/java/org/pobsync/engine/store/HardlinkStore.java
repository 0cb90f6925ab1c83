package org.pobsync.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.pobsync.engine.StoreKind;
import org.pobsync.engine.layout.SnapshotEntry;
import org.pobsync.engine.layout.SnapshotLayout;

/**
 * Today's store, on any POSIX file system: each snapshot is a plain directory written by rsync
 * with {@code --link-dest} against the base, so unchanged files are hard links to it.
 */
final class HardlinkStore implements SnapshotStore {

    private final ReflinkCopy reflink;

    HardlinkStore(ReflinkCopy reflink) {
        this.reflink = reflink;
    }

    @Override
    public StoreKind kind() {
        return StoreKind.HARDLINK;
    }

    @Override
    public StoreStart begin(Path workDir, SnapshotEntry base) throws IOException {
        Files.createDirectory(workDir);
        if (base == null) {
            Files.createDirectory(SnapshotLayout.dataDir(workDir));
            return new StoreStart(null, "base none (full copy)");
        }
        if (sameDevice(base.path(), workDir)) {
            Files.createDirectory(SnapshotLayout.dataDir(workDir));
            return new StoreStart(base.path(), "base " + base.name() + " (unchanged files become hard links to it)");
        }
        // A btrfs subvolume (written by the btrfs store) is a device of its own: hard links
        // cannot reach into it, and rsync would copy every file it failed to link.
        return new StoreStart(null, reflink.startFrom(base, workDir,
                "base " + base.name() + " is a btrfs subvolume, which hard links cannot reach"));
    }

    @Override
    public void seal(Path workDir) {
        // A plain directory has nothing to seal: pobsync never writes into a finished snapshot.
    }

    private static boolean sameDevice(Path a, Path b) throws IOException {
        return Files.getAttribute(a, "unix:dev", LinkOption.NOFOLLOW_LINKS)
                .equals(Files.getAttribute(b, "unix:dev", LinkOption.NOFOLLOW_LINKS));
    }
}
