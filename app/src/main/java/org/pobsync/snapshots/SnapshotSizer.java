package org.pobsync.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.engine.discovery.SnapshotSizes;

/**
 * Keeps the recorded sizes of a host's snapshots current after a backup or a prune without
 * rescanning the host (docs/design.md, "Disk use"). Sizes follow the one definition of
 * {@link SnapshotSizes}; unique bytes come from link counts, so a snapshot is measured alone.
 * Discovery recounts everything; this only walks the snapshots whose figures can have changed.
 */
public final class SnapshotSizer {

    private final SnapshotRepository snapshots;

    public SnapshotSizer(SnapshotRepository snapshots) {
        this.snapshots = snapshots;
    }

    /**
     * After a backup: the new snapshot (its unique bytes are then what the run added), and its
     * base, the only snapshot rsync's --link-dest links from, so the only one whose unique bytes
     * the run can have made shared.
     */
    public void afterBackup(long snapshotId) {
        snapshots.findById(snapshotId).ifPresent(created -> {
            SnapshotSizes sizes = measure(created);
            snapshots.setAddedBytes(created.id(), sizes == null ? null : sizes.uniqueBytes());
            if (created.baseSnapshotId() != null) {
                snapshots.findById(created.baseSnapshotId()).filter(SnapshotSizer::onDisk).ifPresent(this::measure);
            }
        });
    }

    /**
     * After a prune of {@code deleted}: an inode the deleted snapshots shared with one other is
     * now unique to it. Each file lives in a contiguous run of snapshots (each backup links from
     * the one before), so that other one is a neighbour of a deleted snapshot among those left.
     * What a deleted snapshot added and a newer one still holds is now added by that newer
     * neighbour, counted against the older neighbour that is left.
     */
    public void afterPrune(long hostId, Collection<String> deleted) {
        if (deleted.isEmpty()) {
            return;
        }
        Set<String> gone = Set.copyOf(deleted);
        List<SnapshotRecord> all = new ArrayList<>(snapshots.findByHost(hostId));
        all.sort((a, b) -> a.name().compareTo(b.name()));
        List<SnapshotRecord> toMeasure = new ArrayList<>();
        List<SnapshotRecord> newerNeighbours = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!gone.contains(all.get(i).name())) {
                continue;
            }
            Optional<SnapshotRecord> older = nearestLeft(all, gone, i, -1);
            Optional<SnapshotRecord> newer = nearestLeft(all, gone, i, 1);
            older.ifPresent(toMeasure::add);
            newer.ifPresent(toMeasure::add);
            newer.filter(n -> !newerNeighbours.contains(n) && !isSubvolume(n)).ifPresent(n -> {
                newerNeighbours.add(n);
                snapshots.setAddedBytes(n.id(), SnapshotSizes.addedSince(
                        older.map(o -> Path.of(o.path())).orElse(null), Path.of(n.path())));
            });
        }
        toMeasure.stream().distinct().forEach(this::remeasureNeighbour);
    }

    /**
     * A neighbour of a pruned snapshot. Its files and total bytes did not change, only what it
     * shares: a plain directory is walked again (link counts), while a btrfs snapshot is not,
     * since a walk of its files cannot see shared extents: its unique bytes are marked unknown
     * until discovery asks btrfs, and deleting a snapshot stays one call however many files its
     * neighbours hold (docs/benchmarks.md, "Snapshot stores").
     */
    private void remeasureNeighbour(SnapshotRecord r) {
        if (isSubvolume(r) && r.fileCount() != null && r.totalBytes() != null) {
            snapshots.setSizes(r.id(), r.fileCount(), r.totalBytes(), null);
        } else {
            measure(r);
        }
    }

    private static Optional<SnapshotRecord> nearestLeft(List<SnapshotRecord> all, Set<String> gone, int from, int step) {
        for (int i = from + step; i >= 0 && i < all.size(); i += step) {
            SnapshotRecord r = all.get(i);
            if (!gone.contains(r.name()) && onDisk(r)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * Measures a snapshot and records its figures; null for a btrfs snapshot, whose files and
     * size are recorded but whose unique bytes only btrfs can count (discovery asks it): link
     * counts say nothing about extents a subvolume snapshot shares.
     */
    private SnapshotSizes measure(SnapshotRecord r) {
        SnapshotSizes s = SnapshotSizes.measure(Path.of(r.path()));
        boolean subvolume = isSubvolume(r);
        snapshots.setSizes(r.id(), s.files(), s.totalBytes(), subvolume ? null : s.uniqueBytes());
        return subvolume ? null : s;
    }

    private static boolean isSubvolume(SnapshotRecord r) {
        try {
            return Btrfs.isSubvolume(Path.of(r.path()));
        } catch (IOException e) {
            return false; // gone or unreadable: the walk counts it as unreadable
        }
    }

    private static boolean onDisk(SnapshotRecord r) {
        return switch (r.status()) {
            case COMPLETE, PARTIAL, INCOMPLETE -> true;
            case DELETING, DELETED, MISSING -> false;
        };
    }
}
