package org.pobsync.engine.discovery;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sizes of all snapshots of one host. The trees are walked in parallel ({@link SnapshotWalk}),
 * and their multiply-linked files are then matched in snapshot order on one thread: the
 * {@link InodeTable} maps each such inode to (index of the last snapshot that had it) × 2 +
 * (seen in more than one snapshot). Because a snapshot's files are matched together, "the last
 * snapshot that had it" is enough to count an inode once per snapshot, and the first time a
 * second snapshot meets it, its bytes move out of the first snapshot's unique bytes. At most
 * {@code threads + 1} walks' linked-file lists are held at once, so memory stays bounded by the
 * largest snapshots, not by the host's history.
 */
final class HostSizer {

    private final int threads;
    private final InodeTable linked = new InodeTable(1 << 16);
    private long[] files;
    private long[] totalBytes;
    private long[] uniqueBytes;
    private long[] unreadable;

    HostSizer(int threads) {
        this.threads = Math.max(1, threads);
    }

    /** Sizes of each snapshot directory, in the order given. Call once per host. */
    SnapshotSizes[] measure(List<Path> snapshotDirs) {
        int n = snapshotDirs.size();
        files = new long[n];
        totalBytes = new long[n];
        uniqueBytes = new long[n];
        unreadable = new long[n];
        if (threads == 1 || n == 1) {
            for (int i = 0; i < n; i++) {
                match(i, SnapshotWalk.of(snapshotDirs.get(i)));
            }
        } else {
            walkInParallel(snapshotDirs);
        }
        SnapshotSizes[] sizes = new SnapshotSizes[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = new SnapshotSizes(files[i], totalBytes[i], uniqueBytes[i], unreadable[i]);
        }
        return sizes;
    }

    private void walkInParallel(List<Path> snapshotDirs) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pobsync-snapshot-sizes");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<SnapshotWalk>> inFlight = new ArrayDeque<>();
            int next = 0;
            for (int i = 0; i < snapshotDirs.size(); i++) {
                while (next < snapshotDirs.size() && inFlight.size() < threads) {
                    Path dir = snapshotDirs.get(next++);
                    inFlight.add(pool.submit(() -> SnapshotWalk.of(dir)));
                }
                match(i, inFlight.remove().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring snapshots", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("measuring snapshots failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Takes over one walk's figures; the walk (and its list of linked files) is garbage after. */
    private void match(int snapshot, SnapshotWalk walk) {
        files[snapshot] = walk.files;
        unreadable[snapshot] = walk.unreadable;
        totalBytes[snapshot] += walk.singleLinkBytes;
        uniqueBytes[snapshot] += walk.singleLinkBytes;
        for (int k = 0; k < walk.linkedCount; k++) {
            long inode = walk.linkedInodes[k];
            long size = walk.linkedSizes[k];
            int seen = linked.get(inode);
            if (seen == InodeTable.ABSENT) {
                linked.put(inode, snapshot << 1);
                totalBytes[snapshot] += size;
                uniqueBytes[snapshot] += size;
            } else if (seen >>> 1 != snapshot) {
                totalBytes[snapshot] += size;
                if ((seen & 1) == 0) {
                    uniqueBytes[seen >>> 1] -= size; // until now only that snapshot had it
                }
                linked.put(inode, snapshot << 1 | 1);
            }
            // else: another name for an inode this snapshot already counted
        }
    }
}
