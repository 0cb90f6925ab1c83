package org.pobsync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.pobsync.engine.layout.BackupRootMarker;
import org.pobsync.engine.layout.SnapshotLayout;

/**
 * The one rule for whether a backup root may be used (issue 12): a root that has held snapshots
 * must still carry the marker file pobsync wrote into it. "Has held snapshots" is known without
 * the disk: the database keeps the marker's id from the root's first use, and, for roots used
 * before markers existed, the snapshot records under the root.
 *
 * @param problem  why the root cannot be used, null when it can
 * @param markerId the id found in the root's marker, null when there is none
 */
record BackupRootCheck(String problem, String markerId) {

    /** How many recorded snapshots are enough to tell "the old snapshots are here" from "they are gone". */
    private static final int RECORDS_LOOKED_AT = 50;

    boolean usable() {
        return problem == null;
    }

    /** An unmarked root that may be used: a marker should be written on its first use. */
    boolean needsMarker() {
        return usable() && markerId == null;
    }

    /**
     * @param expectedId the marker id the database holds for this root, null when it holds none
     */
    static BackupRootCheck of(Path root, String expectedId, SnapshotHistory history) {
        if (!Files.isDirectory(root)) {
            return new BackupRootCheck(SnapshotLayout.missingRoot(root), null);
        }
        Optional<String> marker;
        try {
            marker = BackupRootMarker.read(root);
        } catch (IOException e) {
            return new BackupRootCheck("backup root " + root + " cannot be used: " + e.getMessage(), null);
        }
        if (marker.isPresent()) {
            return expectedId == null || expectedId.equals(marker.get())
                    ? new BackupRootCheck(null, marker.get())
                    : new BackupRootCheck(BackupRootMarker.foreign(root), marker.get());
        }
        if (expectedId != null || heldSnapshotsThatAreGone(root, history)) {
            return new BackupRootCheck(BackupRootMarker.missing(root), null);
        }
        // Never used, or used before markers existed with its snapshots still in place.
        return new BackupRootCheck(null, null);
    }

    /** Whether the root has held snapshots, as the database knows, of which none is there now. */
    static boolean heldSnapshotsThatAreGone(Path root, SnapshotHistory history) {
        List<Path> recorded = history.recordedUnder(root, RECORDS_LOOKED_AT);
        return !recorded.isEmpty() && recorded.stream().noneMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
    }
}
