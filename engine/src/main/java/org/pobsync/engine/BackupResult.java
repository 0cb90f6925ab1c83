package org.pobsync.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * How one backup ended.
 *
 * @param snapshotName     null for a dry run, or when the run failed before a name was taken
 * @param snapshotPath     the final directory, or the {@code .incomplete} one after a failure
 * @param snapshotState    null for a dry run
 * @param baseSnapshotName the --link-dest base, null for a first backup
 * @param exitCode         rsync's exit code, null when rsync never ran
 * @param errorSummary     words an operator understands, null on success
 */
public record BackupResult(RunOutcome outcome, String snapshotName, Path snapshotPath,
                           SnapshotState snapshotState, String baseSnapshotName, Integer exitCode,
                           String errorSummary, TransferStats stats, List<String> command,
                           Instant startedAt, Instant finishedAt) {
}
