package org.pobsync.engine;

import java.util.List;

/**
 * How the engine reports a running backup. The engine never writes to a database; the
 * application's listener does, at the pace the engine calls it (about once a second for
 * {@link #tick}).
 */
public interface BackupListener {

    /** rsync has been started (pid is the rsync process id). */
    default void started(String snapshotName, String baseSnapshotName, List<String> command, long pid) {
    }

    /** One line of rsync output (stdout and stderr, in order of arrival). */
    default void logLine(String line) {
    }

    /** About once a second while rsync runs, with the latest progress and the bounded log tail. */
    default void tick(Progress progress, List<String> logTail) {
    }

    /** Polled about once a second; true ends rsync (TERM, then KILL after a grace period). */
    default boolean cancelRequested() {
        return false;
    }

    BackupListener NONE = new BackupListener() { };
}
