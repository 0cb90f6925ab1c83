package org.pobsync.engine.discovery;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.pobsync.engine.tree.DirectoryHandle;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.EntryStat;
import org.pobsync.engine.tree.SnapshotPath;
import org.pobsync.engine.tree.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk over one snapshot tree, by directory handle ({@link TreeWalk}): one statx per entry
 * relative to its directory, symlinks never followed, mount points never crossed, no absolute
 * path ever built (a tree deeper than PATH_MAX is measured like any other). Files with a single
 * link are summed right away; files with more links are only listed (inode, size) for
 * {@link HostSizer} to match across snapshots, because only they can be shared.
 */
final class SnapshotWalk implements TreeWalk.Visitor {

    private static final Logger log = LoggerFactory.getLogger(SnapshotWalk.class);

    long files;
    long singleLinkBytes;
    long unreadable;
    /** Inodes and sizes of files with more than one link, in walk order (repeats possible). */
    long[] linkedInodes = new long[1024];
    long[] linkedSizes = new long[1024];
    int linkedCount;

    static SnapshotWalk of(Path top) {
        SnapshotWalk walk = new SnapshotWalk();
        walk.run(top);
        return walk;
    }

    private void run(Path top) {
        Path hostDir = top.getParent();
        try (DirectoryHandle host = DirectoryHandle.open(hostDir);
             DirectoryHandle snapshot = host.openDirectory(EntryName.literal(top.getFileName().toString()))) {
            TreeWalk.walk(snapshot, SnapshotPath.ROOT, this);
        } catch (IOException e) {
            log.warn("cannot measure {}: {}", top, e.toString());
            unreadable++;
        }
    }

    @Override
    public boolean entry(TreeWalk walk, EntryName name, EntryStat stat) {
        if (stat.isDirectory()) {
            return true;
        }
        if (stat.isRegularFile()) {
            files++;
            if (stat.nlink() == 1) {
                singleLinkBytes += stat.size();
            } else {
                addLinked(stat.inode(), stat.size());
            }
        }
        return false;
    }

    /**
     * Vanished (a prune running alongside) or unreadable: count it so the sizes say they are a
     * lower bound, and go on with the rest.
     */
    @Override
    public void unreadable(TreeWalk walk, EntryName name, IOException e) {
        unreadable++;
        if (!(e instanceof NoSuchFileException)) {
            log.warn("cannot read {}: {}", name == null ? walk.directory().describe()
                    : walk.directory().describe(name), e.toString());
        }
    }

    /** A mount point inside a snapshot is not part of it (and its inode numbers are another filesystem's): like du -x. */
    @Override
    public void otherFileSystem(TreeWalk walk, EntryName name) {
        log.warn("not measuring {}: another filesystem is mounted there", walk.directory().describe(name));
    }

    private void addLinked(long inode, long size) {
        if (linkedCount == linkedInodes.length) {
            linkedInodes = Arrays.copyOf(linkedInodes, linkedCount * 2);
            linkedSizes = Arrays.copyOf(linkedSizes, linkedCount * 2);
        }
        linkedInodes[linkedCount] = inode;
        linkedSizes[linkedCount] = size;
        linkedCount++;
    }
}
