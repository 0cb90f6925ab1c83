package org.pobsync.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pobsync.audit.AuditLog;
import org.pobsync.db.Database;
import org.pobsync.db.Dialect;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.liveness.ClaimsHere;
import org.pobsync.liveness.ProcessIdentity;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;

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
    /** How many claimable runs one query reads; more are read when other workers took these. */
    private static final int CLAIM_BATCH = 16;
    /**
     * How long a run whose host was busy waits before a worker may claim it again. Long enough
     * not to spin while a prune deletes, short against a backup schedule; the worker loop's own
     * pass interval (15 s by default) is added on top.
     */
    public static final Duration BUSY_RETRY = Duration.ofSeconds(30);

    private final Database db;
    private final RunRepository runs;
    private final HostService hosts;
    private final AuditLog audit;
    private final Clock clock;
    /** Runs claimed in this JVM and not yet finished. */
    private final ClaimsHere claimedHere;

    public RunService(Database db, RunRepository runs, HostService hosts, AuditLog audit, Clock clock) {
        this.db = db;
        this.claimedHere = new ClaimsHere("run", db);
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
            lockHost(host.id());
            if (runs.hasActive(host.id())) {
                throw new ConflictException("host " + host.name() + " already has a queued or running backup");
            }
            return runs.insert(host.id(), trigger, dryRun, prune, RunStatus.QUEUED, clock.instant());
        });
        audit.record(actor, "run.queue", host.name(), "run=" + id + " trigger=" + trigger.dbValue()
                + (dryRun ? " dry-run" : "") + (prune ? " prune" : ""));
        return get(id);
    }

    /** One host of {@link #enqueueIdle}. */
    public record QueueRequest(long hostId, String hostName, boolean prune) {
    }

    /** What {@link #enqueueIdle} did: host id to the new run, and host id to the run that kept it busy. */
    public record QueueResult(Map<Long, Long> queued, Map<Long, Long> busy) {
    }

    /**
     * Queues a run for each of the hosts that has no queued or running run, with the same rule as
     * {@link #enqueue} but for many hosts at once (the scheduler's pass), inside the caller's
     * transaction when there is one.
     */
    public QueueResult enqueueIdle(List<QueueRequest> requests, RunTrigger trigger, String actor) {
        if (requests.isEmpty()) {
            return new QueueResult(Map.of(), Map.of());
        }
        return db.tx().execute(tx -> {
            List<Long> hostIds = requests.stream().map(QueueRequest::hostId).toList();
            lockHosts(hostIds);
            Map<Long, Long> busy = runs.findActiveIds(hostIds);
            List<QueueRequest> idle = requests.stream().filter(r -> !busy.containsKey(r.hostId())).toList();
            Instant now = clock.instant();
            runs.insertQueued(idle.stream().map(QueueRequest::hostId).toList(),
                    idle.stream().map(QueueRequest::prune).toList(), trigger, now);
            // The hosts were idle and are locked: their queued runs are exactly the ones just inserted.
            Map<Long, Long> queued = runs.findActiveIds(idle.stream().map(QueueRequest::hostId).toList());
            audit.recordAll(actor, "run.queue", idle.stream().map(QueueRequest::hostName).toList(),
                    idle.stream().map(r -> "run=" + queued.get(r.hostId()) + " trigger=" + trigger.dbValue()
                            + (r.prune() ? " prune" : "")).toList());
            return new QueueResult(queued, busy);
        });
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
            claimedHere.add(runId);
            if (!claimHost(host.id(), runId)) {
                claimedHere.remove(runId);
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
     * Safe against any number of concurrent claimers in any number of processes and machines:
     * the host and the run are taken by conditional UPDATEs in one transaction, and a claimer that
     * loses either moves on to the next candidate.
     */
    public Optional<BackupRun> claimNext(String workerId) {
        for (int round = 0; round < 8; round++) {
            List<BackupRun> candidates = runs.findClaimable(CLAIM_BATCH, clock.instant());
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            for (BackupRun candidate : candidates) {
                // Registered before the claim commits, so that no recovery pass in this JVM
                // ever sees the run running under this pid without it.
                claimedHere.add(candidate.id());
                boolean won = false;
                try {
                    won = tryClaim(candidate, workerId);
                } finally {
                    if (!won) {
                        claimedHere.remove(candidate.id());
                    }
                }
                if (won) {
                    return Optional.of(get(candidate.id()));
                }
            }
            // Every candidate went to another worker; there may be more behind them.
        }
        return Optional.empty();
    }

    private boolean tryClaim(BackupRun candidate, String workerId) {
        try {
            return Boolean.TRUE.equals(db.tx().execute(status -> {
                if (!claimHost(candidate.hostId(), candidate.id())) {
                    return false;
                }
                if (!runs.markStarted(candidate.id(), RunStatus.QUEUED, workerId, ProcessIdentity.hostname(),
                        ProcessIdentity.pid(), clock.instant())) {
                    status.setRollbackOnly();
                    return false;
                }
                return true;
            }));
        } catch (PessimisticLockingFailureException e) {
            // MariaDB chose this transaction as a deadlock victim or a lock wait timed out: it
            // rolled back entirely, so this claimer simply did not win the run.
            log.debug("claim of run {} lost a lock race: {}", candidate.id(), e.getMessage());
            return false;
        }
    }

    /** Cancels a queued run at once, or asks the worker of a running run to end it. */
    public BackupRun cancel(long runId, String actor) {
        BackupRun run = get(runId);
        if (run.status().finished()) {
            throw new ConflictException("run " + runId + " already ended (" + run.status().dbValue() + ")");
        }
        // Only while still queued: a worker may have claimed it since it was read, and then its
        // worker must end rsync (the cancel flag below) rather than the row saying cancelled.
        if (run.status() == RunStatus.QUEUED
                && runs.cancelQueued(runId, "cancelled before it started", clock.instant())) {
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
        claimedHere.remove(run.id());
    }

    /**
     * Puts a claimed run back in the queue before rsync started (its host turned out to be held
     * by a prune or a backup outside the queue): the run waits {@link #BUSY_RETRY} and is then
     * claimed again by the next worker pass, instead of failing.
     */
    public boolean requeue(BackupRun run, String reason) {
        Instant notBefore = clock.instant().plus(BUSY_RETRY);
        Boolean done = db.tx().execute(tx -> {
            boolean back = runs.requeue(run.id(), notBefore);
            if (back) {
                releaseHost(run.hostId(), run.id());
            }
            return back;
        });
        claimedHere.remove(run.id());
        if (Boolean.TRUE.equals(done)) {
            log.info("run {} of host {}: back in the queue ({}); next try in {} s", run.id(), run.hostName(), reason,
                    BUSY_RETRY.toSeconds());
        }
        return Boolean.TRUE.equals(done);
    }

    /**
     * Gives up a running run of this process that cannot end normally (its worker is stopping and
     * the backup did not end in time): ends its rsync, fails it with {@code reason}, frees the host.
     */
    public boolean abandon(long runId, String reason) {
        BackupRun run = get(runId);
        if (ProcessIdentity.hostname().equals(run.workerHost()) && run.rsyncPid() != null) {
            LeftoverProcesses.endRsync(run.rsyncPid());
        }
        boolean ended = failAndRelease(run, reason, clock.instant());
        claimedHere.remove(runId);
        return ended;
    }

    /**
     * Fails running runs whose worker is gone: its process no longer exists on this machine, or
     * its heartbeat is older than {@code staleAfter} (null: only the first check). Ends any rsync
     * such a run left behind and releases its host. Returns the runs it failed.
     */
    public List<BackupRun> recoverLostRuns(Duration staleAfter) {
        Instant now = clock.instant();
        List<BackupRun> lost = new java.util.ArrayList<>();
        for (BackupRun run : runs.findByStatus(RunStatus.RUNNING)) {
            boolean sameMachine = ProcessIdentity.hostname().equals(run.workerHost());
            boolean stale = staleAfter != null && run.heartbeatAt() != null
                    && run.heartbeatAt().plus(staleAfter).isBefore(now);
            if (!(sameMachine && workerGone(run)) && !stale) {
                continue;
            }
            if (sameMachine && run.rsyncPid() != null) {
                LeftoverProcesses.endRsync(run.rsyncPid());
            }
            if (failAndRelease(run, "worker lost", now)) {
                log.warn("run {} of host {}: worker {} lost ({}), marked failed", run.id(), run.hostName(),
                        run.workerId(), stale ? "no heartbeat since " + run.heartbeatAt() : "process gone");
                lost.add(run);
            }
        }
        // A host held by a run that has ended (e.g. a crash between two statements) is free again.
        db.jdbc().sql("UPDATE host SET active_run_id = NULL WHERE active_run_id IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM backup_run r WHERE r.id = host.active_run_id AND r.status IN ('queued', 'running'))")
                .update();
        return lost;
    }

    /** For a run whose worker ran on this machine: is that process gone? */
    private boolean workerGone(BackupRun run) {
        return claimedHere.workerGone(run.workerPid(), run.id());
    }

    private boolean failAndRelease(BackupRun run, String error, Instant now) {
        return Boolean.TRUE.equals(db.tx().execute(tx -> {
            if (!runs.finish(run.id(), RunStatus.FAILED, null, error, null, null, null, now)) {
                return false;
            }
            releaseHost(run.hostId(), run.id());
            return true;
        }));
    }

    /**
     * Serializes writers of one host's runs for the rest of the transaction. SQLite needs nothing:
     * its IMMEDIATE transactions already hold the database's write lock.
     */
    private void lockHost(long hostId) {
        lockHosts(List.of(hostId));
    }

    private void lockHosts(List<Long> hostIds) {
        if (db.dialect() == Dialect.MARIADB && !hostIds.isEmpty()) {
            db.jdbc().sql("SELECT id FROM host WHERE id IN (" + RunRepository.placeholders(hostIds.size())
                    + ") ORDER BY id FOR UPDATE").params(new java.util.ArrayList<>(hostIds)).query(Long.class).list();
        }
    }

    boolean claimHost(long hostId, long runId) {
        return db.jdbc().sql("UPDATE host SET active_run_id = ? WHERE id = ? AND active_run_id IS NULL")
                .params(runId, hostId).update() == 1;
    }

    void releaseHost(long hostId, long runId) {
        db.jdbc().sql("UPDATE host SET active_run_id = NULL WHERE id = ? AND active_run_id = ?")
                .params(hostId, runId).update();
    }

    /** The newest run of every host that has one. */
    public List<BackupRun> latestPerHost() {
        return runs.latestPerHost();
    }

    /** The newest run of a host, if it has any. */
    public Optional<BackupRun> latest(long hostId) {
        return runs.find(hostId, null, 1, 0).stream().findFirst();
    }

    /** Every run in {@code status}, oldest first (for the few queued and running ones). */
    public List<BackupRun> withStatus(RunStatus status) {
        return runs.findByStatus(status);
    }

    /** The running runs of one host. */
    public List<BackupRun> running(long hostId) {
        return runs.find(hostId, RunStatus.RUNNING, 100, 0);
    }

    /** The queued or running run of a host, if any. */
    public Optional<Long> activeRunId(long hostId) {
        return runs.findActiveId(hostId);
    }

    /** Marks a running run as alive (its worker calls this between progress updates). */
    public void heartbeat(long runId) {
        runs.heartbeat(runId, clock.instant());
    }

    public boolean cancelRequested(long runId) {
        return runs.cancelRequested(runId);
    }

    /** Adds a note to a finished run's error summary. */
    public void appendError(long runId, String text) {
        runs.appendError(runId, text);
    }

    void recordStart(long runId, String snapshotName, String baseName, Long baseId, String commandLine, long rsyncPid,
                     String logPath) {
        runs.recordStart(runId, snapshotName, baseName, baseId, commandLine, rsyncPid, logPath);
    }

    void recordProgress(long runId, org.pobsync.engine.Progress progress, String logTail) {
        runs.recordProgress(runId, progress, logTail, clock.instant());
    }
}
