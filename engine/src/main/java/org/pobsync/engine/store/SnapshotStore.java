package org.pobsync.engine.store;

import java.io.IOException;
import java.nio.file.Path;
import org.pobsync.engine.StoreKind;
import org.pobsync.engine.layout.SnapshotEntry;

/**
 * How a backup's snapshot is made on disk (SPEC section 15). A backup asks its store to begin the
 * {@code <name>.incomplete} directory from the base snapshot, runs rsync into its {@code data/},
 * writes the final snapshot.json, asks the store to seal it, and renames it into place: the
 * rename stays the commit point for every store.
 */
public interface SnapshotStore {

    StoreKind kind();

    /**
     * Creates {@code workDir} with its {@code data/} directory, empty or already holding the
     * base's files, and says what rsync should do with the base.
     *
     * @param base the newest complete or partial snapshot, null when there is none
     * @throws IOException when the directory cannot be made; whatever was made is left for
     *                     retention to prune as an incomplete snapshot
     */
    StoreStart begin(Path workDir, SnapshotEntry base) throws IOException;

    /**
     * Called when the snapshot is complete and its metadata written, just before the rename:
     * after this nothing may change the snapshot.
     */
    void seal(Path workDir) throws IOException;

    /**
     * How the new snapshot starts.
     *
     * @param linkDest the base snapshot directory for rsync's {@code --link-dest}, null for none
     * @param note     one line for the run log: the base, and how the new snapshot uses it
     */
    record StoreStart(Path linkDest, String note) {
    }
}
