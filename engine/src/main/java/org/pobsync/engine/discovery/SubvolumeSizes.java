package org.pobsync.engine.discovery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.pobsync.engine.btrfs.Btrfs;

/**
 * Sizes of a host's btrfs snapshots. Files and total bytes come from the same walk as for plain
 * snapshots ({@link HostSizer}), so they mean the same in both stores; the unique bytes are what
 * btrfs counts as exclusive to each snapshot ({@code btrfs filesystem du}): extents no other
 * snapshot or file shares, roughly what deleting it frees. Snapshots of a subvolume share data
 * by extent, not by inode, so the walk cannot see that sharing.
 */
final class SubvolumeSizes {

    private SubvolumeSizes() {
    }

    /**
     * @throws IOException when btrfs cannot measure them (btrfs-progs missing, say): the sizes
     *                     would otherwise claim every byte is unique
     */
    static SnapshotSizes[] measure(List<Path> subvolumes, int threads, Btrfs btrfs) throws IOException {
        SnapshotSizes[] walked = new HostSizer(threads).measure(subvolumes);
        List<Btrfs.Usage> usage = btrfs.usage(subvolumes);
        SnapshotSizes[] sizes = new SnapshotSizes[walked.length];
        for (int i = 0; i < walked.length; i++) {
            SnapshotSizes w = walked[i];
            sizes[i] = new SnapshotSizes(w.files(), w.totalBytes(), usage.get(i).exclusiveBytes(), w.unreadable());
        }
        return sizes;
    }
}
