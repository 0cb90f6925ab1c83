package org.pobsync.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pobsync.audit.AuditLog;
import org.pobsync.db.Database;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.status.ProcessIdentity;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run queue: creating runs, claiming them (atomically, across processes and machines),
 * cancelling them, and failing runs whose worker is gone.
 *
 * <p>A host is claimed by a conditional UPDATE of {@code host.active_run_id} from NULL, in the
 * same transaction that moves the run to running, so two workers (or a worker and a foreground
 * CLI backup) never run one host twice, even on separate machines sharing MariaDB.
 */
public final class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    private final Database db;
    private final RunRepository runs;
    private final HostService hosts;
    private final AuditLog audit;
    private final Clock clock;

    public RunService(Database db, RunRepository runs, HostService hosts, AuditLog audit, Clock clock) {
        this.db = db;
        this.runs = runs;
        this.hosts = hosts;
        this.audit = audit;
        this.clock = clock;
    }

    public BackupRun get(long id) {
        return runs.findById(id).orElseThrow(() -> new NotFoundException("run " + id + " does not exist"));
    }

    public List<BackupRun> list(String hostName, RunStatus status, int limit, int offset) {
        Long hostId = hostName == null ? null : hosts.get(hostName).id();
        return runs.find(hostId, status, limit, offset);
    }

    public long count(String hostName, RunStatus status) {
        Long hostId = hostName == null ? null : hosts.get(hostName).id();
        return runs.count(hostId, status);
    }

    /** Puts a run in the queue for a worker; refuses when the host already has one queued or running. */
    public BackupRun enqueue(String hostName, RunTrigger trigger, boolean dryRun, boolean prune, String actor) {
        Host host = hosts.get(hostName);
        long id = db.tx().execute(status -> {
            if (runs.hasActive(host.id())) {
                throw new ConflictException("host " + host.name() + " already has a queued or running backup");
            }
            return runs.insert(host.id(), trigger, dryRun, prune, RunStatus.QUEUED, clock.instant());
        });
        audit.record(actor, "run.queue", host.name(), "run=" + id + " trigger=" + trigger.dbValue()
                + (dryRun ? " dry-run" : "") + (prune ? " prune" : ""));
        return get(id);
    }

    /**
     * Creates a run that starts right now in this process (a foreground backup), claiming the
     * host. Fails with "host busy" when another run holds it.
     */
    public BackupRun startForeground(String hostName, RunTrigger trigger, boolean dryRun, boolean prune,
                                     String actor) {
        Host host = hosts.get(hostName);
        recoverLostRuns(null);
        String workerId = ProcessIdentity.id("cli");
        long id = db.tx().execute(status -> {
            Instant now = clock.instant();
            long runId = runs.insert(host.id(), trigger, dryRun, prune, RunStatus.QUEUED, now);
            if (!claimHost(host.id(), runId)) {
                status.setRollbackOnly();
                return -1L;
            }
            runs.markStarted(runId, RunStatus.QUEUED, workerId, ProcessIdentity.hostname(), ProcessIdentity.pid(), now);
            return runId;
        });
        if (id < 0) {
            throw new ConflictException("host busy: another backup or prune of " + host.name() + " is running");
        }
        audit.record(actor, "run.start", host.name(), "run=" + id + " trigger=" + trigger.dbValue()
                + (dryRun ? " dry-run" : ""));
        return get(id);
    }

    /**
     * Claims the oldest queued run whose host is free, for a worker. Empty when nothing can run.
     */
    public Optional<BackupRun> claimNext(String workerId) {
        for (BackupRun candidate : runs.findByStatus(RunStatus.QUEUED)) {
            Boolean won = db.tx().execute(status -> {
                if (!claimHost(candidate.hostId(), candidate.id())) {
                    return false;
                }
                if (!runs.markStarted(candidate.id(), RunStatus.QUEUED, workerId, ProcessIdentity.hostname(),
                        ProcessIdentity.pid(), clock.instant())) {
                    status.setRollbackOnly();
                    return false;
                }
                return true;
            });
            if (Boolean.TRUE.equals(won)) {
                return Optional.of(get(candidate.id()));
            }
        }
        return Optional.empty();
    }

    /** Cancels a queued run at once, or asks the worker of a running run to end it. */
    public BackupRun cancel(long runId, String actor) {
        BackupRun run = get(runId);
        if (run.status().finished()) {
            throw new ConflictException("run " + runId + " already ended (" + run.status().dbValue() + ")");
        }
        if (run.status() == RunStatus.QUEUED
                && runs.finish(runId, RunStatus.CANCELLED, null, "cancelled before it started", null, null, null,
                clock.instant())) {
            audit.record(actor, "run.cancel", run.hostName(), "run=" + runId + " (was queued)");
            return get(runId);
        }
        runs.requestCancel(runId);
        audit.record(actor, "run.cancel", run.hostName(), "run=" + runId + " (cancel requested)");
        return get(runId);
    }

    /** Ends a run and releases its host, in one transaction. */
    public void finish(BackupRun run, RunStatus status, Integer exitCode, String error,
                       org.pobsync.engine.TransferStats stats, Long snapshotId, String logTail) {
        db.tx().executeWithoutResult(tx -> {
            runs.finish(run.id(), status, exitCode, error, stats, snapshotId, logTail, clock.instant());
            releaseHost(run.hostId(), run.id());
        });
    }

    /**
     * Fails running runs whose worker is gone: its process no longer exists on this machine, or
     * its heartbeat is older than {@code staleAfter} (null: only the first check). Ends any rsync such a run left behind and
     * releases its host. Returns the runs it failed.
     */
    public List<BackupRun> recoverLostRuns(Duration staleAfter) {
        Instant now = clock.instant();
        List<BackupRun> lost = new java.util.ArrayList<>();
        for (BackupRun run : runs.findByStatus(RunStatus.RUNNING)) {
            boolean sameMachine = ProcessIdentity.hostname().equals(run.workerHost());
            boolean processGone = sameMachine && run.workerPid() != null
                    && ProcessHandle.of(run.workerPid()).map(p -> !p.isAlive()).orElse(true);
            boolean stale = staleAfter != null && run.heartbeatAt() != null && run.heartbeatAt().plus(staleAfter).isBefore(now);
            if (!processGone && !stale) {
                continue;
            }
            if (sameMachine && run.rsyncPid() != null) {
                LeftoverProcesses.endRsync(run.rsyncPid());
            }
            if (runs.finish(run.id(), RunStatus.FAILED, null, "worker lost", null, null, null, now)) {
                releaseHost(run.hostId(), run.id());
                log.warn("run {} of host {}: worker {} lost, marked failed", run.id(), run.hostName(), run.workerId());
                lost.add(run);
            }
        }
        // A host held by a run that has ended (e.g. a crash between two statements) is free again.
        db.jdbc().sql("UPDATE host SET active_run_id = NULL WHERE active_run_id IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM backup_run r WHERE r.id = host.active_run_id AND r.status IN ('queued', 'running'))")
                .update();
        return lost;
    }

    boolean claimHost(long hostId, long runId) {
        return db.jdbc().sql("UPDATE host SET active_run_id = ? WHERE id = ? AND active_run_id IS NULL")
                .params(runId, hostId).update() == 1;
    }

    void releaseHost(long hostId, long runId) {
        db.jdbc().sql("UPDATE host SET active_run_id = NULL WHERE id = ? AND active_run_id = ?")
                .params(hostId, runId).update();
    }

    public RunRepository repository() {
        return runs;
    }
}
