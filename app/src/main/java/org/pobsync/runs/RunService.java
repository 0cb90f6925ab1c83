package org.pobsync.runs;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pobsync.audit.AuditLog;
import org.pobsync.db.Database;
import org.pobsync.engine.process.ProcessTree;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostClaims;
import org.pobsync.hosts.HostService;
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

    /** The error of a run whose worker is gone (SPEC section 7 names it). */
    public static final String WORKER_LOST = "worker lost";

    /** How long a lost run's leftover rsync gets between SIGTERM and SIGKILL. */
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

    private final Database db;
    private final RunRepository runs;
    private final HostService hosts;
    private final HostClaims hostClaims;
    private final RunSnapshots snapshots;
    private final AuditLog audit;
    private final Clock clock;

    public RunService(Database db, RunRepository runs, HostService hosts, HostClaims hostClaims,
                      RunSnapshots snapshots, AuditLog audit, Clock clock) {
        this.db = db;
        this.runs = runs;
        this.hosts = hosts;
        this.hostClaims = hostClaims;
        this.snapshots = snapshots;
        this.audit = audit;
        this.clock = clock;
    }

    public BackupRun get(long id) {
        return runs.findById(id).orElseThrow(() -> new NotFoundException("run " + id + " does not exist"));
    }

    /** Failures since {@code since} not yet followed by a success of the same host (see the repository). */
    public List<BackupRun> unresolvedFailures(Instant since, int limit) {
        return runs.findUnresolvedFailures(since, limit);
    }

    /**
     * The whole log file of run {@code id}. Its path is the one the worker recorded for the run,
     * never anything a caller names, and it must still be a regular file (not a link a later
     * hand put in its place); a log that was pruned or never written is a NotFoundException.
     */
    public Path logFile(long id) {
        BackupRun run = get(id);
        Path log = run.logPath() == null ? null : Path.of(run.logPath());
        if (log == null || !Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("run " + id + " has no log file"
                    + (log == null ? "" : " any more (" + log.getFileName() + " was removed)"));
        }
        return log;
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
            hostClaims.lockForUpdate(List.of(host.id()));
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
            hostClaims.lockForUpdate(hostIds);
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
            if (!hostClaims.claim(host.id(), runId)) {
                status.setRollbackOnly();
                return -1L;
            }
            runs.markStarted(runId, RunStatus.QUEUED, workerId, ProcessIdentity.hostname(), ProcessIdentity.pid(),
                    ProcessIdentity.instance(), now);
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
                if (tryClaim(candidate, workerId)) {
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
                if (!hostClaims.claim(candidate.hostId(), candidate.id())) {
                    return false;
                }
                if (!runs.markStarted(candidate.id(), RunStatus.QUEUED, workerId, ProcessIdentity.hostname(),
                        ProcessIdentity.pid(), ProcessIdentity.instance(), clock.instant())) {
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

    /**
     * Ends a run and releases its host, in one transaction, if the run is still queued or held
     * by the claim {@code run} was read with (its worker instance); false when it is not: it had
     * ended already, or another worker declared it lost meanwhile.
     */
    public boolean finish(BackupRun run, RunStatus status, Integer exitCode, String error,
                          org.pobsync.engine.TransferStats stats, Long snapshotId, String logTail) {
        return Boolean.TRUE.equals(db.tx().execute(tx -> {
            if (!runs.finish(run.id(), run.workerInstance(), status, exitCode, error, stats, snapshotId, logTail,
                    clock.instant())) {
                return false;
            }
            hostClaims.release(run.hostId(), run.id());
            return true;
        }));
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
                hostClaims.release(run.hostId(), run.id());
            }
            return back;
        });
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
        endLeftoverRsync(run);
        return failAndRelease(run, reason, clock.instant());
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
            Optional<String> why = run.claim().lost(staleAfter, now);
            if (why.isEmpty()) {
                continue;
            }
            endLeftoverRsync(run);
            LostRun end = lostRunEnd(run);
            if (finishLost(run, end, now)) {
                log.warn("run {} of host {}: worker {} lost ({}), marked {}{}", run.id(), run.hostName(),
                        run.workerId(), why.get(), end.status().dbValue(), end.snapshot().map(f -> ": snapshot "
                                + f.name() + (f.usable() ? " " + f.status().dbValue() : ".incomplete") + " on disk")
                                .orElse(""));
                lost.add(run);
            }
        }
        hostClaims.releaseEnded();
        return lost;
    }

    /** How a lost run is recorded: by what its snapshot directory says (see {@link RunSnapshots#reconcileLost}). */
    private record LostRun(RunStatus status, String error, Optional<RunSnapshots.Found> snapshot) {
    }

    private LostRun lostRunEnd(BackupRun run) {
        Optional<RunSnapshots.Found> found = snapshots.reconcileLost(run);
        if (found.isPresent() && found.get().usable()) {
            // The worker died after the commit point (the rename) and before recording it.
            return new LostRun(RunStatus.WARNING, WORKER_LOST + " after the snapshot was finished: "
                    + found.get().name() + " is " + found.get().status().dbValue()
                    + " on disk and was recorded from its snapshot.json", found);
        }
        return new LostRun(RunStatus.FAILED, WORKER_LOST, found);
    }

    private boolean finishLost(BackupRun run, LostRun end, Instant now) {
        return Boolean.TRUE.equals(db.tx().execute(tx -> {
            Optional<RunSnapshots.Found> found = end.snapshot();
            if (!runs.finish(run.id(), null, end.status(), found.map(RunSnapshots.Found::exitCode).orElse(null),
                    end.error(), found.map(RunSnapshots.Found::stats).orElse(null),
                    found.map(RunSnapshots.Found::recordId).orElse(null), null, now)) {
                return false;
            }
            hostClaims.release(run.hostId(), run.id());
            return true;
        }));
    }

    /** Ends the rsync a run started on this machine, if it still runs (a pid reused since is left alone). */
    private static void endLeftoverRsync(BackupRun run) {
        if (run.rsyncPid() != null && run.claim().onThisMachine()) {
            ProcessTree.terminateIfRunning(run.rsyncPid(), "rsync", LEFTOVER_GRACE);
        }
    }

    private boolean failAndRelease(BackupRun run, String error, Instant now) {
        return Boolean.TRUE.equals(db.tx().execute(tx -> {
            if (!runs.finish(run.id(), null, RunStatus.FAILED, null, error, null, null, null, now)) {
                return false;
            }
            hostClaims.release(run.hostId(), run.id());
            return true;
        }));
    }


    /** The newest queued run's id (0: none), for a worker watching for new work. */
    public long newestQueuedId() {
        return runs.newestQueuedId();
    }

    /** The newest run of every host that has one. */
    public List<BackupRun> latestPerHost() {
        return runs.latestPerHost();
    }

    /** The newest backup run of a host, if it has any (restores say nothing about its backups). */
    public Optional<BackupRun> latest(long hostId) {
        return runs.findLatestBackup(hostId);
    }

    /** Every run in {@code status}, oldest first (for the few queued and running ones). */
    public List<BackupRun> withStatus(RunStatus status) {
        return runs.findByStatus(status);
    }

    /** The running runs of one host. */
    public List<BackupRun> running(long hostId) {
        return runs.find(hostId, RunStatus.RUNNING, 100, 0);
    }

    /**
     * Marks a running run of this process as alive (its worker calls this between progress
     * updates); false when this process no longer holds it.
     */
    public boolean heartbeat(long runId) {
        return runs.heartbeat(runId, ProcessIdentity.instance(), clock.instant());
    }

    public boolean cancelRequested(long runId) {
        return runs.liveState(runId).map(RunRepository.LiveState::cancelRequested).orElse(false);
    }

    /** The cancel flag and the claim of a run, for the worker that runs it. */
    RunRepository.LiveState liveState(long runId) {
        return runs.liveState(runId).orElseThrow(() -> new NotFoundException("run " + runId + " does not exist"));
    }

    /** Adds a note to a finished run's error summary. */
    public void appendError(long runId, String text) {
        runs.appendError(runId, text);
    }

    /** See {@link RunRepository#noteAfterEnd}. */
    void noteAfterEnd(long runId, String note, Long snapshotId) {
        runs.noteAfterEnd(runId, note, snapshotId);
    }

    /** rsync's start, while {@code run}'s claim holds; false when it no longer does. */
    boolean recordStart(BackupRun run, String snapshotName, String baseName, Long baseId, String commandLine,
                        long rsyncPid, String logPath) {
        return runs.recordStart(run.id(), run.workerInstance(), snapshotName, baseName, baseId, commandLine, rsyncPid,
                logPath);
    }

    /** Live progress and the heartbeat, while {@code run}'s claim holds; false when it no longer does. */
    boolean recordProgress(BackupRun run, org.pobsync.engine.Progress progress, String logTail) {
        return runs.recordProgress(run.id(), run.workerInstance(), progress, logTail, clock.instant());
    }
}
