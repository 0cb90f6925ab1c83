package org.pobsync.runs;

import java.util.function.Supplier;
import org.pobsync.db.DatabaseRetry;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.TransferStats;
import org.pobsync.format.Human;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a run ended: its snapshot's record first, then the run row (which frees the host),
 * each tried again until the database takes it ({@link DatabaseRetry}). A backup rsync finished
 * is never thrown away because the database was locked or restarting at that moment; meanwhile
 * the snapshot on disk, with its snapshot.json, is the truth, and a worker that starts after this
 * one died reads it from there ({@link RunSnapshots#reconcileLost}).
 *
 * <p>When the run's claim was lost meanwhile (another worker declared it lost while this one
 * was paused or cut off from the database), the run row is not overwritten; the snapshot record
 * still says what the disk has, with this run as its producer, and the run's error gets a note
 * saying what happened after it was declared lost.
 */
final class RunOutcomes {

    private static final Logger log = LoggerFactory.getLogger(RunOutcomes.class);

    /** What a run's row will say when it ends. */
    record RunEnd(RunStatus status, Integer exitCode, String error, TransferStats stats, String tail) {

        /** The end with a post-backup prune's note: a failed prune turns it into a warning. */
        RunEnd with(PruneNote note) {
            String line = "pobsync: " + note.text();
            return new RunEnd(note.failed() ? RunStatus.WARNING : status, exitCode,
                    note.failed() ? (error == null ? note.text() : error + "; " + note.text()) : error, stats,
                    tail == null ? line : tail + "\n" + line);
        }
    }

    /** What a post-backup prune did (or why it failed). */
    record PruneNote(String text, boolean failed) {
    }

    private final RunService runs;
    private final RunSnapshots snapshots;

    RunOutcomes(RunService runs, RunSnapshots snapshots) {
        this.runs = runs;
        this.snapshots = snapshots;
    }

    BackupRun record(BackupRun run, RunEnd end, BackupResult result) {
        return record(run, end, result, null);
    }

    /**
     * Records the end; {@code prune} (null: none) runs after the snapshot is recorded and before
     * the run ends, while the run still holds its host. Returns the run's row as it is now.
     */
    BackupRun record(BackupRun run, RunEnd end, BackupResult result, Supplier<PruneNote> prune) {
        String who = "run " + run.id() + " of " + run.hostName();
        Long snapshotId = result == null || run.dryRun() || result.snapshotName() == null ? null
                : DatabaseRetry.untilDone(who + ": recording snapshot " + result.snapshotName(),
                        () -> snapshots.recordResult(run, result), log);
        RunEnd e = prune == null ? end : end.with(prune.get());
        boolean finished = DatabaseRetry.untilDone(who + ": recording its outcome",
                () -> runs.finish(run, e.status(), e.exitCode(), e.error(), e.stats(), snapshotId, e.tail()), log);
        if (!finished) {
            noteLateEnd(who, run, e, result, snapshotId);
        }
        return row(run);
    }

    /** The run's row, read as often as it takes. */
    BackupRun row(BackupRun run) {
        return DatabaseRetry.untilDone("run " + run.id() + " of " + run.hostName() + ": reading it back",
                () -> runs.get(run.id()), log);
    }

    private void noteLateEnd(String who, BackupRun run, RunEnd end, BackupResult result, Long snapshotId) {
        BackupRun now = row(run);
        boolean usable = result != null && !run.dryRun() && result.snapshotName() != null
                && result.snapshotState() != null && result.snapshotState() != SnapshotState.INCOMPLETE;
        if (!now.status().finished() || (usable && now.status() == RunStatus.WARNING
                && snapshotId != null && snapshotId.equals(now.snapshotId()))) {
            return; // nothing to add: the recovery already found this snapshot finished on the disk
        }
        String ended = end.status().dbValue();
        String note = "the worker was not gone after all: " + (usable
                ? "it finished snapshot " + result.snapshotName() + " (" + result.snapshotState().dbValue() + ") afterwards"
                : "it ended the backup afterwards as " + ended
                + (end.error() == null || end.error().equals(ended) ? "" : " (" + Human.firstLine(end.error()) + ")")
                + (result == null || result.snapshotName() == null || run.dryRun() ? ""
                : ", snapshot " + result.snapshotName() + " left incomplete"));
        DatabaseRetry.untilDone(who + ": noting its late end", () -> {
            runs.noteAfterEnd(run.id(), note, usable ? snapshotId : null);
            return true;
        }, log);
        log.warn("{}: had been declared lost meanwhile ({}); {}", who, Human.firstLine(String.valueOf(now.errorSummary())),
                note);
    }
}
