package org.pobsync.engine.rsync;

import java.util.Map;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.SnapshotState;

/**
 * What an rsync exit code means for a backup.
 *
 * <ul>
 * <li>0: every file arrived. Succeeded, snapshot complete.
 * <li>24 ("some files vanished before they could be transferred"): files were deleted on the
 *     host between rsync listing and reading them. On a live system that is normal (temp files,
 *     rotated logs); what is in the snapshot is exactly what existed, so it is complete, and the
 *     run is a warning only so an operator can see it. Treating it as a failure would make every
 *     backup of a busy host fail.
 * <li>23 ("some files/attrs were not transferred"): some files could not be read (permission
 *     denied, an I/O error, a source path missing). Everything else arrived, so the snapshot is
 *     kept as <em>partial</em>: usable as a base (unchanged files still link) and flagged, because
 *     throwing away a 99.9% good backup would leave the host with an older one. The operator
 *     must look at the warning. The exception: a configured source path that is missing fails
 *     the run (the snapshot is not the backup asked for), unless the host treats missing paths
 *     as warnings, and even then when every one is missing, since nothing at all was backed up
 *     ({@link ErrorSummary#missingPathFails}, {@link #classify(int, boolean)}).
 * <li>anything else (a protocol or I/O error, a timeout, a signal, ssh's 255): the transfer did
 *     not finish and the directory cannot be trusted as a snapshot. Failed, left incomplete.
 * </ul>
 */
public final class RsyncExitCode {

    public static final int OK = 0;
    public static final int PARTIAL_TRANSFER = 23;
    public static final int VANISHED_SOURCE_FILES = 24;
    public static final int TIMEOUT = 30;

    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(0, "success"),
            Map.entry(1, "syntax or usage error"),
            Map.entry(2, "protocol incompatibility"),
            Map.entry(3, "errors selecting input/output files or directories"),
            Map.entry(4, "requested action not supported"),
            Map.entry(5, "error starting client-server protocol"),
            Map.entry(6, "daemon unable to append to log file"),
            Map.entry(10, "error in socket I/O"),
            Map.entry(11, "error in file I/O"),
            Map.entry(12, "error in rsync protocol data stream"),
            Map.entry(13, "errors with program diagnostics"),
            Map.entry(14, "error in IPC code"),
            Map.entry(20, "received SIGUSR1 or SIGINT"),
            Map.entry(21, "some error returned by waitpid()"),
            Map.entry(22, "error allocating core memory buffers"),
            Map.entry(23, "partial transfer due to error"),
            Map.entry(24, "partial transfer due to vanished source files"),
            Map.entry(25, "the --max-delete limit stopped deletions"),
            Map.entry(30, "timeout in data send/receive"),
            Map.entry(35, "timeout waiting for daemon connection"),
            Map.entry(127, "command not found"),
            Map.entry(255, "ssh or an unexplained error"));

    /** The verdict: how the run ended and what became of the snapshot directory. */
    public record Verdict(RunOutcome outcome, SnapshotState snapshotState) {

        /** True when the snapshot is renamed into place (complete or partial). */
        public boolean keepsSnapshot() {
            return snapshotState != SnapshotState.INCOMPLETE;
        }
    }

    private RsyncExitCode() {
    }

    public static Verdict classify(int exitCode) {
        return classify(exitCode, false);
    }

    /**
     * @param missingPathFails rsync reported source paths missing that fail the run
     *                         ({@link ErrorSummary#missingPathFails}): an exit 23 is then a failure
     */
    public static Verdict classify(int exitCode, boolean missingPathFails) {
        switch (exitCode) {
            case OK:
                return new Verdict(RunOutcome.SUCCEEDED, SnapshotState.COMPLETE);
            case VANISHED_SOURCE_FILES:
                return new Verdict(RunOutcome.WARNING, SnapshotState.COMPLETE);
            case PARTIAL_TRANSFER:
                return missingPathFails
                        ? new Verdict(RunOutcome.FAILED, SnapshotState.INCOMPLETE)
                        : new Verdict(RunOutcome.WARNING, SnapshotState.PARTIAL);
            default:
                return new Verdict(RunOutcome.FAILED, SnapshotState.INCOMPLETE);
        }
    }

    /** rsync's own description of the code, for the log and for errors pobsync does not recognise. */
    public static String meaning(int exitCode) {
        String meaning = MEANINGS.get(exitCode);
        if (meaning != null) {
            return meaning;
        }
        if (exitCode > 128 && exitCode < 160) {
            return "killed by signal " + (exitCode - 128);
        }
        return "unknown error";
    }
}
