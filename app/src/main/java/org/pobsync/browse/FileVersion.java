package org.pobsync.browse;

import org.pobsync.engine.tree.EntryStat;
import org.pobsync.snapshots.SnapshotRecord;

/**
 * A path as one snapshot holds it.
 *
 * @param sameAsPrevious  the very same file as in the previous snapshot that held the path
 *                        ({@link EntryStat#sameFileAs}); null for the first one and for directories
 * @param unchangedSince  when it is the same: the oldest snapshot of that unbroken run of
 *                        identical versions ("unchanged since 20261201T021500Z"); null otherwise
 */
public record FileVersion(SnapshotRecord snapshot, EntryStat stat, String linkTarget, Boolean sameAsPrevious,
                          String unchangedSince) {
}
