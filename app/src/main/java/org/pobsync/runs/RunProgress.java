package org.pobsync.runs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.Progress;

/**
 * The engine's listener for one restore run: its command, progress and log tail on the run row
 * (about once a second), and cancel requests from the observer or the run row.
 */
final class RunProgress implements BackupListener {

    private final RunService runs;
    private final BackupRun run;
    private final BackupObserver observer;
    private final Path logFile;
    private final Clock clock;
    private volatile List<String> tail = List.of();
    private Instant lastCancelCheck = Instant.EPOCH;
    private boolean cancel;

    RunProgress(RunService runs, BackupRun run, BackupObserver observer, Path logFile, Clock clock) {
        this.runs = runs;
        this.run = run;
        this.observer = observer;
        this.logFile = logFile;
        this.clock = clock;
    }

    @Override
    public void started(String snapshotName, String baseSnapshotName, List<String> command, long pid) {
        runs.recordStart(run, null, null, null, String.join(" ", command), pid, logFile.toString());
    }

    @Override
    public void logLine(String line) {
        observer.logLine(line);
    }

    @Override
    public void tick(Progress progress, List<String> logTail) {
        tail = logTail;
        runs.recordProgress(run, progress, tailText());
        observer.progress(run, progress);
    }

    @Override
    public boolean cancelRequested() {
        if (observer.cancelRequested()) {
            return true;
        }
        Instant now = clock.instant();
        if (!cancel && Duration.between(lastCancelCheck, now).toMillis() >= 900) {
            lastCancelCheck = now;
            cancel = runs.cancelRequested(run.id());
        }
        return cancel;
    }

    String tailText() {
        return tail.isEmpty() ? null : String.join("\n", tail);
    }
}
