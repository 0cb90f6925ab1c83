package org.pobsync.engine.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.pobsync.engine.layout.SnapshotLayout;
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
 * link are summed right away; files with more links are only listed (inode, size, link count),
 * because only they can be shared: {@link #summarize} counts each of them once and decides from
 * its link count whether anything outside the tree holds it, and {@link HostSizer} matches them
 * across snapshots.
 */
final class SnapshotWalk implements TreeWalk.Visitor {

    private static final Logger log = LoggerFactory.getLogger(SnapshotWalk.class);

    long files;
    long singleLinkBytes;
    long unreadable;
    /** Inodes and sizes of files with more than one link, in walk order (repeats possible). */
    long[] linkedInodes = new long[1024];
    long[] linkedSizes = new long[1024];
    int[] linkedNlinks = new int[1024];
    int linkedCount;
    /** Filled by {@link #summarize}: each linked inode once, with its size. */
    long[] distinctInodes;
    long[] distinctSizes;
    int distinctCount;
    long totalBytes;
    long uniqueBytes;

    /**
     * Walks the backed-up files of one snapshot, {@code <snapshot>/data}, and summarizes them.
     * pobsync's own snapshot.json is not part of what was backed up and is left out.
     */
    static SnapshotWalk ofSnapshot(Path snapshotDir) {
        SnapshotWalk walk = new SnapshotWalk();
        if (!Files.isDirectory(snapshotDir, LinkOption.NOFOLLOW_LINKS)) {
            log.warn("cannot measure {}: it is gone", snapshotDir);
            walk.unreadable++;
        } else {
            walk.run(snapshotDir.resolve(SnapshotLayout.DATA_DIR));
        }
        return walk.summarize();
    }

    SnapshotSizes sizes() {
        return new SnapshotSizes(files, totalBytes, uniqueBytes, unreadable);
    }

    /**
     * Each linked inode counted once for {@link #totalBytes}; its bytes are unique when its link
     * count is no more than the names it has in this tree (nothing else holds it, so deleting
     * the tree frees it). Files with one link are both, by definition.
     */
    SnapshotWalk summarize() {
        InodeTable names = new InodeTable(Math.max(16, linkedCount));
        for (int k = 0; k < linkedCount; k++) {
            int seen = names.get(linkedInodes[k]);
            names.put(linkedInodes[k], seen == InodeTable.ABSENT ? 1 : seen + 1);
        }
        totalBytes = singleLinkBytes;
        uniqueBytes = singleLinkBytes;
        distinctInodes = new long[Math.max(1, names.size())];
        distinctSizes = new long[distinctInodes.length];
        distinctCount = 0;
        for (int k = 0; k < linkedCount; k++) {
            int count = names.get(linkedInodes[k]);
            if (count == 0) {
                continue; // another name of an inode already counted
            }
            totalBytes += linkedSizes[k];
            if (linkedNlinks[k] <= count) {
                uniqueBytes += linkedSizes[k];
            }
            distinctInodes[distinctCount] = linkedInodes[k];
            distinctSizes[distinctCount] = linkedSizes[k];
            distinctCount++;
            names.put(linkedInodes[k], 0);
        }
        // The distinct list is all HostSizer needs; the per-name lists may be large.
        linkedInodes = null;
        linkedSizes = null;
        linkedNlinks = null;
        return this;
    }

    private void run(Path top) {
        Path hostDir = top.getParent();
        try (DirectoryHandle host = DirectoryHandle.open(hostDir);
             DirectoryHandle snapshot = host.openDirectory(EntryName.literal(top.getFileName().toString()))) {
            TreeWalk.walk(snapshot, SnapshotPath.ROOT, this);
        } catch (NoSuchFileException e) {
            // A snapshot whose data directory was never made (a run that failed at once) holds
            // nothing; one that vanished altogether is the caller's to notice.
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
                addLinked(stat.inode(), stat.size(), (int) Math.min(stat.nlink(), Integer.MAX_VALUE));
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

    private void addLinked(long inode, long size, int nlink) {
        if (linkedCount == linkedInodes.length) {
            linkedInodes = Arrays.copyOf(linkedInodes, linkedCount * 2);
            linkedSizes = Arrays.copyOf(linkedSizes, linkedCount * 2);
            linkedNlinks = Arrays.copyOf(linkedNlinks, linkedCount * 2);
        }
        linkedInodes[linkedCount] = inode;
        linkedSizes[linkedCount] = size;
        linkedNlinks[linkedCount] = nlink;
        linkedCount++;
    }
}
