package org.pobsync.runs;

import java.nio.file.Path;
import java.time.Duration;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.credentials.CredentialService;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.db.DatabaseRetry;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.HostBusyException;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.Transport;
import org.pobsync.engine.backup.BackupEngine;
import org.pobsync.engine.rsync.ErrorSummary;
import org.pobsync.engine.store.StoreChoice;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.runs.RunOutcomes.PruneNote;
import org.pobsync.runs.RunOutcomes.RunEnd;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.settings.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a claimed run: turns the host's configuration into an engine request, records
 * progress on the run row about once a second ({@link RunRecorder}, best effort), and records
 * the outcome and the snapshot ({@link RunOutcomes}, until the database takes them). The CLI's
 * foreground backup and the worker both call {@link #execute}.
 */
public final class BackupService {

    private static final Logger log = LoggerFactory.getLogger(BackupService.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** How long a backup whose rsync died of a signal waits to learn whether its process is stopping. */
    private static final Duration SIGNAL_RACE = Duration.ofSeconds(2);

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
    private final RunSnapshots runSnapshots;
    private final RunOutcomes outcomes;
    private final CredentialService credentials;
    private final BackupEngine engine;
    private final PostBackupPrune postBackupPrune;

    public BackupService(PobsyncSettings settings, GlobalConfigService globalConfig, HostService hosts,
                         RunService runs, RunSnapshots runSnapshots, CredentialService credentials,
                         BackupEngine engine, PostBackupPrune postBackupPrune) {
        this.settings = settings;
        this.globalConfig = globalConfig;
        this.hosts = hosts;
        this.runs = runs;
        this.runSnapshots = runSnapshots;
        this.outcomes = new RunOutcomes(runs, runSnapshots);
        this.credentials = credentials;
        this.engine = engine;
        this.postBackupPrune = postBackupPrune;
    }

    /**
     * Runs a claimed (running) run to its end and returns the final row. Never throws for a
     * backup failure, and waits for the database as long as it must to record the outcome (it
     * throws only when interrupted meanwhile: the run then stays running for the next worker's
     * lost-run recovery, which reads the outcome from the disk).
     */
    public BackupRun execute(BackupRun run, BackupObserver observer) {
        Path logFile = settings.logDir().resolve("runs").resolve("run-" + run.id() + ".log");
        BackupRequest request;
        Host host;
        try {
            host = hosts.get(run.hostName());
            hosts.requireLocalSourcesAllowed(host);
            request = request(host, globalConfig.forBackup(), run.dryRun(), logFile);
        } catch (RuntimeException e) {
            String why = DatabaseFaults.describe(e);
            log.warn("run {} of host {} could not start: {}", run.id(), run.hostName(), why);
            return outcomes.record(run, new RunEnd(RunStatus.FAILED, null, why, null, null), null);
        }
        try {
            PrivateFiles.file(logFile);
        } catch (java.io.UncheckedIOException e) {
            log.warn("run {} of host {}: {}", run.id(), run.hostName(), e.getMessage());
        }
        BackupResult result;
        String tail;
        boolean claimLost;
        try (RunRecorder recorder = new RunRecorder(run, observer, logFile, request.backupRoot(), runs, runSnapshots)) {
            try {
                result = engine.run(request, recorder);
            } catch (HostBusyException e) {
                // The host's OS lock is held outside the queue, by a prune: a run a worker claimed
                // goes back to wait for the next pass; a foreground backup reports "host busy".
                boolean foreground = run.workerId() == null || run.workerId().startsWith("cli:");
                if (!foreground && DatabaseRetry.untilDone("run " + run.id() + " of " + run.hostName()
                        + ": back to the queue", () -> runs.requeue(run, e.getMessage()), log)) {
                    return outcomes.row(run);
                }
                return outcomes.record(run, new RunEnd(RunStatus.FAILED, null, e.getMessage(), null, null), null);
            } catch (RuntimeException e) {
                log.error("run {} of host {} failed unexpectedly", run.id(), run.hostName(), e);
                return outcomes.record(run, new RunEnd(RunStatus.FAILED, null,
                        "internal error: " + DatabaseFaults.describe(e), null, recorder.tailText()), null);
            }
            tail = recorder.tailText();
            claimLost = recorder.claimLost();
        }
        RunStatus status = RunStatus.valueOf(result.outcome().name());
        String error = result.errorSummary();
        if (status == RunStatus.FAILED && diedOfSignal(result.exitCode()) && stopping(observer)) {
            // systemd's default KillMode sends SIGTERM to rsync and ssh at the same moment as to the
            // worker (and Ctrl-C reaches a foreground rsync with the JVM): a stop, not a failure.
            status = RunStatus.CANCELLED;
            error = ErrorSummary.CANCELLED;
        }
        // Pruning happens while the run still holds its host, after the new snapshot is recorded.
        boolean prune = run.prune() && !run.dryRun() && !claimLost && postBackupPrune != null
                && (status == RunStatus.SUCCEEDED || status == RunStatus.WARNING);
        return outcomes.record(run, new RunEnd(status, result.exitCode(), error, result.stats(), tail), result,
                prune ? () -> pruneAfter(run, logFile) : null);
    }

    /** Post-backup pruning; what it did, or why it failed, as a note for the run. */
    private PruneNote pruneAfter(BackupRun run, Path logFile) {
        PruneNote note;
        try {
            note = new PruneNote("post-backup prune: " + postBackupPrune.pruneAfterBackup(run), false);
        } catch (RuntimeException e) {
            note = new PruneNote("post-backup prune failed: " + DatabaseFaults.describe(e), true);
        }
        log.info("run {} of host {}: {}", run.id(), run.hostName(), note.text());
        appendToLog(logFile, "pobsync: " + note.text());
        return note;
    }

    /**
     * Exit codes of an rsync whose own process tree was killed under it: a signal to rsync (20,
     * or 128 + the signal when it died of it), or to its ssh, which rsync reports as the
     * connection breaking (10 socket I/O, 12 protocol stream, 14 IPC, 255 ssh).
     */
    static boolean diedOfSignal(Integer exitCode) {
        return exitCode != null && (exitCode == 10 || exitCode == 12 || exitCode == 14 || exitCode == 20
                || exitCode > 128);
    }

    /**
     * Is this process stopping? rsync may die of the stop's signal a moment before the worker or
     * the foreground command has even begun to stop, so this waits up to {@link #SIGNAL_RACE}.
     */
    private static boolean stopping(BackupObserver observer) {
        long deadline = System.nanoTime() + SIGNAL_RACE.toNanos();
        while (!observer.cancelRequested() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return observer.cancelRequested();
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
}
