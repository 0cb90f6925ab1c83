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
 * Sizes of all snapshots of one host, oldest first. Each tree is walked and summarized on its own
 * ({@link SnapshotWalk}: files, bytes, unique bytes from link counts), several at a time; their
 * multiply-linked inodes are then matched in snapshot order on one thread, in an
 * {@link InodeTable} of every linked inode seen so far, to find what each snapshot
 * <em>added</em>: the bytes of inodes no older snapshot holds (files with a single link always
 * count). Added bytes summed over the host are its bytes on disk, each inode once. At most
 * {@code threads + 1} walks' inode lists are held at once, so memory stays bounded by the
 * largest snapshots plus one table entry per linked inode of the host.
 */
final class HostSizer {

    private final int threads;
    private final InodeTable linked = new InodeTable(1 << 16);
    private SnapshotSizes[] sizes;
    private long[] addedBytes;

    HostSizer(int threads) {
        this.threads = Math.max(1, threads);
    }

    /** Sizes of each snapshot directory, in the order given (oldest first). Call once per host. */
    SnapshotSizes[] measure(List<Path> snapshotDirs) {
        int n = snapshotDirs.size();
        sizes = new SnapshotSizes[n];
        addedBytes = new long[n];
        if (threads == 1 || n == 1) {
            for (int i = 0; i < n; i++) {
                match(i, SnapshotWalk.ofSnapshot(snapshotDirs.get(i)));
            }
        } else {
            walkInParallel(snapshotDirs);
        }
        return sizes.clone();
    }

    /** After {@link #measure}: what each snapshot added, the bytes of inodes no older one holds. */
    long[] addedBytes() {
        return addedBytes.clone();
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
                    inFlight.add(pool.submit(() -> SnapshotWalk.ofSnapshot(dir)));
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

    /** Takes over one walk's figures; the walk (and its list of linked inodes) is garbage after. */
    private void match(int snapshot, SnapshotWalk walk) {
        sizes[snapshot] = walk.sizes();
        long added = walk.singleLinkBytes;
        for (int k = 0; k < walk.distinctCount; k++) {
            long inode = walk.distinctInodes[k];
            if (linked.get(inode) == InodeTable.ABSENT) {
                linked.put(inode, snapshot);
                added += walk.distinctSizes[k];
            }
        }
        addedBytes[snapshot] = added;
    }
}
