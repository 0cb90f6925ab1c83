package org.pobsync.runs;

import org.pobsync.engine.Progress;

/** Lets a foreground caller (the CLI) watch a run it executes; the database is updated regardless. */
public interface BackupObserver {

    default void progress(BackupRun run, Progress progress) {
    }

    default void logLine(String line) {
    }

    /** True ends the run as cancelled (e.g. Ctrl-C on a foreground backup). */
    default boolean cancelRequested() {
        return false;
    }

    BackupObserver NONE = new BackupObserver() { };
}
