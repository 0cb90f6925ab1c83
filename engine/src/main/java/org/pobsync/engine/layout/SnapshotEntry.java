package org.pobsync.engine.layout;

import java.nio.file.Path;
import org.pobsync.engine.SnapshotState;

/**
 * A snapshot directory found on disk.
 *
 * @param path       {@code <root>/<host>/<name>} or {@code <root>/<host>/<name>.incomplete}
 * @param incomplete true for a {@code .incomplete} directory (whatever its metadata says)
 * @param metadata   the parsed snapshot.json, null when it is missing or unreadable
 * @param metadataError why the metadata could not be read, null when it was read or is absent
 */
public record SnapshotEntry(SnapshotName name, Path path, boolean incomplete, SnapshotMetadata metadata,
                            String metadataError) {

    /**
     * The state as the directory shows it. A renamed directory without metadata counts as
     * complete: the rename only ever happens after rsync succeeded, and pobsync writes the
     * metadata before renaming, so such a directory comes from elsewhere (an import, an older
     * tool) and its existence under the final name is the best evidence there is. Metadata that
     * exists but cannot be read makes the snapshot incomplete: pobsync cannot vouch for it, and
     * not linking against it only costs space.
     */
    public SnapshotState state() {
        if (incomplete) {
            return SnapshotState.INCOMPLETE;
        }
        if (metadata == null) {
            return metadataError == null ? SnapshotState.COMPLETE : SnapshotState.INCOMPLETE;
        }
        String status = metadata.status() == null ? "" : metadata.status();
        switch (status) {
            case "complete":
                return SnapshotState.COMPLETE;
            case "partial":
                return SnapshotState.PARTIAL;
            default:
                return SnapshotState.INCOMPLETE;
        }
    }

    /** Whether a new backup may hard-link against this snapshot. */
    public boolean usableAsBase() {
        return state() != SnapshotState.INCOMPLETE;
    }

    public Path dataDir() {
        return path.resolve(SnapshotLayout.DATA_DIR);
    }
}
