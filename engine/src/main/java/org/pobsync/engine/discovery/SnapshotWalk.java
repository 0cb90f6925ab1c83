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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk over one snapshot tree: one lstat per entry ({@code unix:mode,ino,nlink,size,dev}),
 * our own directory stack (no recursion, so depth is no limit), symlinks never followed, mount
 * points never crossed. Files with a single link are summed right away; files with more links
 * are only listed (inode, size) for {@link HostSizer} to match across snapshots, because only
 * they can be shared.
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
    int linkedCount;

    static SnapshotWalk of(Path top) {
        SnapshotWalk walk = new SnapshotWalk();
        walk.run(top);
        return walk;
    }

    private void run(Path top) {
        long device;
        try {
            device = (Long) Files.getAttribute(top, "unix:dev", LinkOption.NOFOLLOW_LINKS);
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
                addLinked((Long) attrs.get("ino"), size);
            }
        }
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
