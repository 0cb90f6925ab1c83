package org.pobsync.runs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.db.DatabaseRetry;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's listener for one run. The engine calls it on the run's thread about once a
 * second, and nothing here touches the database on that thread: a database that is locked past
 * its busy timeout or restarting can neither hold up rsync nor end a backup. The run's own writer
 * thread writes what the engine reported (rsync's start and the snapshot's {@code incomplete}
 * record, then progress, log tail and heartbeat, about once a second) and reads the cancel flag
 * and the claim. These writes are best effort: one that fails is tried again later, the latest
 * progress replacing what was not written. The outcome is not written here; the caller records it
 * and does not give up on it.
 *
 * <p>Every write is fenced by the run's claim ({@link RunRepository#recordProgress}): once another
 * worker has declared the run lost, the writes are refused and {@link #cancelRequested} ends
 * rsync, so a worker paused past the stale-run timeout cannot go on under a claim it lost.
 */
final class RunRecorder implements BackupListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);
    private static final Duration PACE = Duration.ofSeconds(1);
    /** How long {@link #close} waits for a write in progress. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private record Start(String snapshotName, String baseName, String commandLine, long pid) {
    }

    private final BackupRun run;
    private final BackupObserver observer;
    private final Path logFile;
    private final Path backupRoot;
    private final RunService runs;
    private final RunSnapshots snapshots;
    private final Thread writer;
    private final Object signal = new Object();
    private volatile Start start;
    private volatile Progress progress;
    private volatile List<String> tail = List.of();
    private volatile boolean cancelSeen;
    private volatile boolean claimLost;
    private volatile boolean closed;
    private boolean lostReported;

    RunRecorder(BackupRun run, BackupObserver observer, Path logFile, Path backupRoot, RunService runs,
                RunSnapshots snapshots) {
        this.run = run;
        this.observer = observer;
        this.logFile = logFile;
        this.backupRoot = backupRoot;
        this.runs = runs;
        this.snapshots = snapshots;
        this.writer = new Thread(this::writeLoop, "pobsync-run-" + run.id() + "-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    /** For a restore run: it writes into no snapshot, so it never records one (no backup root, no snapshots). */
    static RunRecorder forRestore(BackupRun run, BackupObserver observer, Path logFile, RunService runs) {
        return new RunRecorder(run, observer, logFile, null, runs, null);
    }

    @Override
    public void started(String snapshotName, String baseSnapshotName, List<String> command, long pid) {
        start = new Start(snapshotName, baseSnapshotName, String.join(" ", command), pid);
        wakeWriter();
    }

    @Override
    public void logLine(String line) {
        observer.logLine(line);
    }

    @Override
    public void tick(Progress progress, List<String> logTail) {
        tail = logTail;
        this.progress = progress;
        observer.progress(run, progress);
    }

    @Override
    public boolean cancelRequested() {
        if (observer.cancelRequested()) {
            return true;
        }
        if (claimLost && !lostReported) {
            lostReported = true;
            log.warn("run {} of {}: another worker declared this run lost meanwhile; ending its rsync", run.id(),
                    run.hostName());
        }
        return cancelSeen || claimLost;
    }

    /** True once a write was refused because another worker had declared the run lost. */
    boolean claimLost() {
        return claimLost;
    }

    String tailText() {
        List<String> t = tail;
        return t.isEmpty() ? null : String.join("\n", t);
    }

    /**
     * Stops the writer; progress it has not written yet is left to the outcome. rsync's start is
     * not: when the database was away from the start of the run, the run row must still name its
     * snapshot and the incomplete directory must have its record, so that is written now, as
     * patiently as the outcome.
     */
    @Override
    public void close() {
        closed = true;
        wakeWriter();
        try {
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Start s = start;
        if (s != null) {
            // The writer may be in the middle of the same write: both are idempotent.
            DatabaseRetry.untilDone("run " + run.id() + " of " + run.hostName() + ": recording rsync's start",
                    () -> writeStart(s), log);
        }
    }

    private void wakeWriter() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void writeLoop() {
        int failures = 0;
        long retryAt = 0;
        while (!closed) {
            synchronized (signal) {
                try {
                    signal.wait(PACE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (closed || System.nanoTime() < retryAt) {
                continue;
            }
            try {
                writeOnce();
                if (failures > 0) {
                    log.info("run {} of {}: progress is recorded again", run.id(), run.hostName());
                }
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                Duration wait = DatabaseRetry.backoff(failures);
                retryAt = System.nanoTime() + wait.toNanos();
                if (failures == 1) {
                    log.warn("run {} of {}: progress not recorded ({}); the backup goes on, trying again in {} s",
                            run.id(), run.hostName(), DatabaseFaults.describe(e), wait.toSeconds());
                }
            }
        }
    }

    private boolean writeStart(Start s) {
        if (s.snapshotName() != null) {
            // Before the run row: a record of the directory rsync now fills, whatever happens next.
            snapshots.recordStarted(run, s.snapshotName(), s.baseName(), backupRoot);
        }
        Long baseId = s.baseName() == null ? null : snapshots.baseId(run.hostId(), s.baseName());
        if (!runs.recordStart(run, s.snapshotName(), s.baseName(), baseId, s.commandLine(), s.pid(),
                logFile.toString())) {
            claimLost = true;
        }
        start = null;
        return true;
    }

    private void writeOnce() {
        Start s = start;
        if (s != null) {
            writeStart(s);
        }
        Progress p = progress;
        if (p != null && !runs.recordProgress(run, p, tailText())) {
            claimLost = true;
        }
        RunRepository.LiveState state = runs.liveState(run.id());
        cancelSeen = state.cancelRequested();
        if (!state.heldBy(run.workerInstance())) {
            claimLost = true;
        }
    }
}
