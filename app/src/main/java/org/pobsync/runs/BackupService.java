package org.pobsync.runs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.credentials.CredentialService;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.HostBusyException;
import org.pobsync.engine.Progress;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.Transport;
import org.pobsync.engine.backup.BackupEngine;
import org.pobsync.engine.store.StoreChoice;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.settings.PrivateFiles;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.snapshots.SnapshotStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a claimed run: turns the host's configuration into an engine request, records
 * progress on the run row about once a second, and records the outcome and the snapshot. The
 * CLI's foreground backup and the worker both call {@link #execute}.
 */
public final class BackupService {

    private static final Logger log = LoggerFactory.getLogger(BackupService.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Runs after a successful non-dry-run backup that asked for pruning, while the run still
     * holds its host and after its snapshot is recorded (retention provides it).
     */
    public interface PostBackupPrune {
        String pruneAfterBackup(BackupRun run);
    }

    private final PobsyncSettings settings;
    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final RunService runs;
    private final SnapshotRepository snapshots;
    private final CredentialService credentials;
    private final BackupEngine engine;
    private final Clock clock;
    private final PostBackupPrune postBackupPrune;

    public BackupService(PobsyncSettings settings, GlobalConfigService globalConfig, HostService hosts,
                         RunService runs, SnapshotRepository snapshots, CredentialService credentials,
                         BackupEngine engine, PostBackupPrune postBackupPrune, Clock clock) {
        this.settings = settings;
        this.globalConfig = globalConfig;
        this.hosts = hosts;
        this.runs = runs;
        this.snapshots = snapshots;
        this.credentials = credentials;
        this.engine = engine;
        this.postBackupPrune = postBackupPrune;
        this.clock = clock;
    }

    /** Runs a claimed (running) run to its end and returns the final row. Never throws for a backup failure. */
    public BackupRun execute(BackupRun run, BackupObserver observer) {
        Path logFile = settings.logDir().resolve("runs").resolve("run-" + run.id() + ".log");
        BackupRequest request;
        Host host;
        try {
            host = hosts.get(run.hostName());
            hosts.requireLocalSourcesAllowed(host);
            request = request(host, globalConfig.forBackup(), run.dryRun(), logFile);
        } catch (RuntimeException e) {
            log.warn("run {} of host {} could not start: {}", run.id(), run.hostName(), e.getMessage());
            runs.finish(run, RunStatus.FAILED, null, e.getMessage(), null, null, null);
            return runs.get(run.id());
        }
        try {
            PrivateFiles.file(logFile);
        } catch (java.io.UncheckedIOException e) {
            log.warn("run {} of host {}: {}", run.id(), run.hostName(), e.getMessage());
        }
        RunRecorder recorder = new RunRecorder(run, observer, logFile);
        BackupResult result;
        try {
            result = engine.run(request, recorder);
        } catch (HostBusyException e) {
            // The host's OS lock is held outside the queue, by a prune: a run a worker claimed
            // goes back to wait for the next pass; a foreground backup reports "host busy".
            boolean foreground = run.workerId() == null || run.workerId().startsWith("cli:");
            if (!foreground && runs.requeue(run, e.getMessage())) {
                return runs.get(run.id());
            }
            runs.finish(run, RunStatus.FAILED, null, e.getMessage(), null, null, null);
            return runs.get(run.id());
        } catch (RuntimeException e) {
            log.error("run {} of host {} failed unexpectedly", run.id(), run.hostName(), e);
            runs.finish(run, RunStatus.FAILED, null, "internal error: " + e, null, null, recorder.tailText());
            return runs.get(run.id());
        }
        Long snapshotId = run.dryRun() || result.snapshotName() == null ? null : recordSnapshot(host, run, result);
        RunStatus status = RunStatus.valueOf(result.outcome().name());
        String error = result.errorSummary();
        String tail = recorder.tailText();
        // Pruning happens while the run still holds its host, after the new snapshot is recorded.
        if (run.prune() && !run.dryRun() && (status == RunStatus.SUCCEEDED || status == RunStatus.WARNING)
                && postBackupPrune != null) {
            String note;
            try {
                note = "post-backup prune: " + postBackupPrune.pruneAfterBackup(run);
            } catch (RuntimeException e) {
                note = "post-backup prune failed: " + e.getMessage();
                status = RunStatus.WARNING;
                error = error == null ? note : error + "; " + note;
            }
            log.info("run {} of host {}: {}", run.id(), host.name(), note);
            tail = tail == null ? "pobsync: " + note : tail + "\npobsync: " + note;
            appendToLog(logFile, "pobsync: " + note);
        }
        runs.finish(run, status, result.exitCode(), error, result.stats(), snapshotId, tail);
        log.info("run {} of host {}: {}{}", run.id(), host.name(), status.dbValue(),
                error == null ? "" : " (" + error + ")");
        return runs.get(run.id());
    }

    private static void appendToLog(Path logFile, String line) {
        try {
            java.nio.file.Files.writeString(logFile, line + "\n", java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            log.warn("cannot append to {}: {}", logFile, e.getMessage());
        }
    }

    BackupRequest request(Host host, GlobalConfig g, boolean dryRun, Path logFile) {
        return new BackupRequest(host.name(), host.transport(), sshTarget(host), host.useSudo(), host.sourcePaths(),
                host.excludes(), host.rsyncOptions(), host.bwlimitKbps(), ioTimeout(host, g), dryRun,
                g.backupRoot(), logFile, g.snapshotStore());
    }

    /** How pobsync reaches the host over ssh (its pinned keys), null for a local host; restores use it too. */
    SshTarget sshTarget(Host host) {
        return host.transport() == Transport.SSH ? credentials.sshTarget(host, CONNECT_TIMEOUT) : null;
    }

    /** The host's rsync I/O timeout, else the global one. */
    static Duration ioTimeout(Host host, GlobalConfig g) {
        return Duration.ofSeconds(host.timeoutSeconds() != null ? host.timeoutSeconds() : g.rsyncTimeoutSeconds());
    }

    /**
     * The snapshot store a backup would use now, and why: what this process can do in the
     * backup root (the worker's answer when this process runs with the worker's rights).
     */
    public StoreChoice snapshotStore() {
        GlobalConfig g = globalConfig.get();
        return engine.snapshotStore(g.backupRoot(), g.snapshotStore());
    }

    private Long recordSnapshot(Host host, BackupRun run, BackupResult result) {
        SnapshotStatus status = switch (result.snapshotState() == null ? SnapshotState.INCOMPLETE : result.snapshotState()) {
            case COMPLETE -> SnapshotStatus.COMPLETE;
            case PARTIAL -> SnapshotStatus.PARTIAL;
            case INCOMPLETE -> SnapshotStatus.INCOMPLETE;
        };
        Long baseId = result.baseSnapshotName() == null ? null
                : snapshots.find(host.id(), result.baseSnapshotName()).map(SnapshotRecord::id).orElse(null);
        TransferStats s = result.stats() == null ? TransferStats.NONE : result.stats();
        boolean usable = status.usable();
        SnapshotRecord record = new SnapshotRecord(0, host.id(), host.name(), result.snapshotName(),
                result.snapshotPath().toString(), status, result.startedAt(), result.finishedAt(),
                result.baseSnapshotName(), baseId, usable ? s.files() : null, usable ? s.totalSize() : null, null,
                run.id(), clock.instant(), null);
        return snapshots.find(host.id(), result.snapshotName()).map(existing -> {
            snapshots.update(new SnapshotRecord(existing.id(), record.hostId(), record.hostName(), record.name(),
                    record.path(), record.status(), record.startedAt(), record.finishedAt(), record.baseName(),
                    record.baseSnapshotId(), record.fileCount(), record.totalBytes(), existing.uniqueBytes(),
                    record.runId(), existing.discoveredAt(), null));
            return existing.id();
        }).orElseGet(() -> snapshots.insert(record));
    }

    /** The engine's listener for one run: writes progress to the run row, at most about once a second. */
    private final class RunRecorder implements BackupListener {

        private final BackupRun run;
        private final BackupObserver observer;
        private final Path logFile;
        private volatile List<String> tail = List.of();
        private Instant lastCancelCheck = Instant.EPOCH;
        private boolean cancel;

        RunRecorder(BackupRun run, BackupObserver observer, Path logFile) {
            this.run = run;
            this.observer = observer;
            this.logFile = logFile;
        }

        @Override
        public void started(String snapshotName, String baseSnapshotName, List<String> command, long pid) {
            Long baseId = baseSnapshotName == null ? null
                    : snapshots.find(run.hostId(), baseSnapshotName).map(SnapshotRecord::id).orElse(null);
            runs.recordStart(run.id(), snapshotName, baseSnapshotName, baseId,
                    String.join(" ", command), pid, logFile.toString());
        }

        @Override
        public void logLine(String line) {
            observer.logLine(line);
        }

        @Override
        public void tick(Progress progress, List<String> logTail) {
            tail = logTail;
            runs.recordProgress(run.id(), progress, tailText());
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
}
