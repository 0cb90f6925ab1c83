package org.pobsync.engine.prune;

/**
 * What {@link SnapshotDeleter#delete} removed.
 *
 * @param existed     false when the directory was already gone (a finished earlier prune)
 * @param files       non-directory entries removed: files, symlinks (never their targets), devices
 * @param directories directories removed, the snapshot directory itself included
 */
public record DeletionResult(boolean existed, long files, long directories) {

    static final DeletionResult ALREADY_GONE = new DeletionResult(false, 0, 0);
}
