package org.pobsync.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What the database remembers of the snapshots under a backup root: the evidence that a root
 * without a marker file once held snapshots (an unmounted disk) rather than being new. Provided
 * by the snapshot records, which live above this package.
 */
@FunctionalInterface
public interface SnapshotHistory {

    /** Directories of snapshots recorded under {@code root} that were neither deleted nor found missing. */
    List<Path> recordedUnder(Path root, int limit);

    SnapshotHistory NONE = (root, limit) -> List.of();
}
