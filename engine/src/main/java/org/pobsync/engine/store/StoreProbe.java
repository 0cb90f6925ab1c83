package org.pobsync.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.pobsync.engine.StoreKind;
import org.pobsync.engine.StoreSetting;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.engine.btrfs.Capabilities;
import org.pobsync.engine.btrfs.MountOptions;
import org.pobsync.engine.layout.FileErrors;

/**
 * Decides the store of a backup root (SPEC section 15), the one function the backup, Self Check
 * and the CLI share. {@code auto} takes btrfs when the root is on btrfs and this process can
 * create a subvolume there, make it read-only and writable again, and delete it: it tries exactly
 * that on a probe subvolume, because permissions (capabilities, mount options, a read-only
 * sandbox) are easier to test than to predict. Deleting needs CAP_SYS_ADMIN or the mount option
 * {@code user_subvol_rm_allowed}; without either, nothing is created (a probe that could not be
 * deleted would stay behind). Answers are kept for a minute, so a backup does not probe each time.
 */
public final class StoreProbe {

    static final String PROBE_PREFIX = ".pobsync-store-probe-";
    private static final Duration KEEP = Duration.ofMinutes(1);

    private final Btrfs btrfs;
    private final ReflinkCopy reflink = new ReflinkCopy();
    private final Map<Path, Known> known = new HashMap<>();

    private record Known(BtrfsSupport support, long atNanos) {
    }

    public StoreProbe(Btrfs btrfs) {
        this.btrfs = btrfs;
    }

    /** The store the setting gives this root (probing when the answer is older than a minute). */
    public synchronized StoreChoice choose(Path root, StoreSetting setting) {
        if (setting == StoreSetting.HARDLINK) {
            return new StoreChoice(setting, StoreKind.HARDLINK, "snapshot_store is hardlink", null);
        }
        BtrfsSupport btrfs = support(root);
        if (btrfs.status() == BtrfsSupport.Status.AVAILABLE) {
            return new StoreChoice(setting, StoreKind.BTRFS, (setting == StoreSetting.AUTO ? "auto: " : "")
                    + root + " is on btrfs and subvolumes can be created, made read-only and deleted there", btrfs);
        }
        return setting == StoreSetting.AUTO
                ? new StoreChoice(setting, StoreKind.HARDLINK, "auto: " + btrfs.detail(), btrfs)
                : new StoreChoice(setting, null, "snapshot_store is btrfs, but " + btrfs.detail(), btrfs);
    }

    /** The store object for a choice. */
    public SnapshotStore store(StoreKind kind) {
        return kind == StoreKind.BTRFS ? new BtrfsStore(btrfs, reflink) : new HardlinkStore(reflink);
    }

    private BtrfsSupport support(Path root) {
        Path key = root.toAbsolutePath().normalize();
        Known k = known.get(key);
        if (k != null && System.nanoTime() - k.atNanos < KEEP.toNanos()) {
            return k.support;
        }
        BtrfsSupport support = probe(key);
        known.put(key, new Known(support, System.nanoTime()));
        return support;
    }

    private BtrfsSupport probe(Path root) {
        try {
            if (!Files.isDirectory(root)) {
                return new BtrfsSupport(BtrfsSupport.Status.NOT_BTRFS, root + " does not exist");
            }
            if (!Btrfs.onBtrfs(root)) {
                return new BtrfsSupport(BtrfsSupport.Status.NOT_BTRFS,
                        root + " is on " + Files.getFileStore(root).type() + ", not btrfs");
            }
        } catch (IOException e) {
            return new BtrfsSupport(BtrfsSupport.Status.LACKING,
                    "cannot tell the file system of " + root + ": " + FileErrors.describe(e));
        }
        if (!Files.isWritable(root)) {
            return new BtrfsSupport(BtrfsSupport.Status.READ_ONLY, "this process may not write to " + root);
        }
        if (!MountOptions.of(root).contains("user_subvol_rm_allowed") && !Capabilities.hasSysAdmin()) {
            return new BtrfsSupport(BtrfsSupport.Status.LACKING, "deleting subvolumes needs the mount option"
                    + " user_subvol_rm_allowed on the file system of " + root
                    + " (or CAP_SYS_ADMIN, which the worker is not given)");
        }
        Path probe = root.resolve(PROBE_PREFIX + ProcessHandle.current().pid());
        try {
            if (Files.exists(probe)) {
                btrfs.deleteSubvolume(probe); // left by a process that died mid-probe
            }
            btrfs.createSubvolume(probe);
            btrfs.setReadOnly(probe, true);
            btrfs.deleteSubvolume(probe);
            return BtrfsSupport.AVAILABLE;
        } catch (IOException e) {
            return new BtrfsSupport(BtrfsSupport.Status.LACKING, "a probe subvolume failed here: " + e.getMessage());
        }
    }
}
