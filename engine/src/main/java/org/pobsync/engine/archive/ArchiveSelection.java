package org.pobsync.engine.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.pobsync.engine.tree.SnapshotPath;

/**
 * What goes into an archive: paths of one snapshot, each named in the archive relative to
 * {@code base} (so selecting {@code /etc/ssh} and {@code /etc/hosts} in {@code /etc} gives
 * {@code ssh/...} and {@code hosts}; selecting {@code base} itself means everything in it). A path inside another selected one is dropped (it comes
 * with its directory), duplicates too, and the rest is sorted, so the archive does not depend on
 * the order things were ticked.
 */
public record ArchiveSelection(SnapshotPath base, List<SnapshotPath> paths) {

    public ArchiveSelection {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("nothing selected");
        }
        TreeSet<SnapshotPath> sorted = new TreeSet<>(paths);
        List<SnapshotPath> kept = new ArrayList<>();
        for (SnapshotPath p : sorted) {
            if (!p.startsWith(base)) {
                throw new IllegalArgumentException(p + " is not inside " + base);
            }
            if (kept.isEmpty() || !p.startsWith(kept.get(kept.size() - 1))) {
                kept.add(p);
            }
        }
        paths = List.copyOf(kept);
    }

    /** One directory or file, named in the archive by its own name (the root: by what is in it). */
    public static ArchiveSelection of(SnapshotPath path) {
        return new ArchiveSelection(path.isRoot() ? SnapshotPath.ROOT : path.parent(), List.of(path));
    }
}
