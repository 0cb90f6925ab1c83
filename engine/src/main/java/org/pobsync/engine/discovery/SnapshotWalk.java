package org.pobsync.engine.discovery;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import org.pobsync.engine.layout.SnapshotLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk over one snapshot tree: one lstat per entry ({@code unix:mode,ino,nlink,size,dev}),
 * our own directory stack (no recursion, so depth is no limit), symlinks never followed, mount
 * points never crossed. Files with a single link are summed right away; files with more links
 * are only listed (inode, size, link count), because only they can be shared: {@link #summarize}
 * counts each of them once and decides from its link count whether anything outside the tree
 * holds it, and {@link HostSizer} matches them across snapshots.
 */
final class SnapshotWalk {

    private static final Logger log = LoggerFactory.getLogger(SnapshotWalk.class);
    private static final String ATTRIBUTES = "unix:mode,ino,nlink,size,dev";
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;

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
        long device;
        try {
            device = (Long) Files.getAttribute(top, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            // A snapshot whose data directory was never made (a run that failed at once) holds
            // nothing; one that vanished altogether is the caller's to notice.
            return;
        } catch (IOException e) {
            log.warn("cannot measure {}: {}", top, e.toString());
            unreadable++;
            return;
        }
        Deque<Path> pending = new ArrayDeque<>();
        pending.push(top);
        while (!pending.isEmpty()) {
            Path dir = pending.pop();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    visit(device, entry, pending);
                }
            } catch (IOException | DirectoryIteratorException e) {
                // Vanished (a prune running alongside) or unreadable: count it so the sizes say
                // they are a lower bound, and go on with the rest.
                unreadable++;
                if (!(e instanceof NoSuchFileException)) {
                    log.warn("cannot read {}: {}", dir, e.toString());
                }
            }
        }
    }

    private void visit(long device, Path entry, Deque<Path> pending) {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(entry, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            unreadable++;
            return;
        }
        int type = (Integer) attrs.get("mode") & S_IFMT;
        if (type == S_IFDIR) {
            if ((Long) attrs.get("dev") == device) {
                pending.push(entry);
            } else {
                // A mount point inside a snapshot is not part of it (and its inode numbers are
                // another filesystem's): like du -x, do not cross.
                log.warn("not measuring {}: another filesystem is mounted there", entry);
            }
        } else if (type == S_IFREG) {
            files++;
            long size = (Long) attrs.get("size");
            if ((Integer) attrs.get("nlink") == 1) {
                singleLinkBytes += size;
            } else {
                addLinked((Long) attrs.get("ino"), size, (Integer) attrs.get("nlink"));
            }
        }
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
