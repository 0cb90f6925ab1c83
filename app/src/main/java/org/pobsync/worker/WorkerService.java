package org.pobsync.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.format.Human;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.liveness.ProcessIdentity;
import org.pobsync.retention.PruneQueue;
import org.pobsync.retention.PruneRequest;
import org.pobsync.runs.BackupObserver;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.BackupService;
import org.pobsync.runs.RestoreService;
import org.pobsync.runs.RunService;
import org.pobsync.runs.RunStatus;
import org.pobsync.validation.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker: fails runs whose worker is gone, claims queued runs up to the concurrency limit
 * (never two for one host: {@link RunService#claimNext} holds the host), runs each through
 * {@link BackupService#execute} on its own thread, and keeps its own and its runs' heartbeats
 * fresh. Besides the backups it carries out one queued prune at a time (retention applies
 * confirmed in the panel, {@link PruneQueue}), outside the backup concurrency: a prune only
 * deletes. Stopping cancels the running backups and records them; nothing is left running.
 */
public final class WorkerService {

    static final Logger log = LoggerFactory.getLogger("worker");
    static final String STOPPED = "worker stopped";

    private final RunService runs;
    private final BackupService backups;
    private final RestoreService restores;
    private final PruneQueue prunes;
    private final GlobalConfigService globalConfig;
    private final Heartbeats heartbeats;
    private final Clock clock;
    private final Integer concurrencyOverride;
    private final String workerId = ProcessIdentity.id("worker");
    private final String component = "worker:" + ProcessIdentity.hostname();
    private final Instant startedAt;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pobsync-backup-" + threadNumber.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, RunningBackup> running = new ConcurrentHashMap<>();
    /** The prune this worker is carrying out, if any. */
    private volatile RunningPrune prune;
    private final Object passLock = new Object();
    private volatile boolean stopping;
    private volatile Runnable onRunEnded = () -> { };
    /** The newest queued run and prune request {@link #newWorkQueued} has seen. */
    private long newestRunSeen;
    private long newestPruneSeen;
    private final List<Runnable> passTasks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What one pass did. */
    public record PassResult(int recovered, int claimed, int running, int limit) {
    }

    /**
     * @param concurrencyOverride backups at once for this worker; null follows the global
     *                            "max concurrent backups" (re-read every pass)
     */
    public WorkerService(RunService runs, BackupService backups, GlobalConfigService globalConfig,
                         Heartbeats heartbeats, Clock clock, Integer concurrencyOverride) {
        this(runs, backups, null, globalConfig, heartbeats, clock, concurrencyOverride);
    }

    /** @param prunes the prune queue this worker serves; null: backups only */
    public WorkerService(RunService runs, BackupService backups, PruneQueue prunes, GlobalConfigService globalConfig,
                         Heartbeats heartbeats, Clock clock, Integer concurrencyOverride) {
        this(runs, backups, null, prunes, globalConfig, heartbeats, clock, concurrencyOverride);
    }

    /** @param restores carries out restore runs; null: this worker fails any it claims */
    public WorkerService(RunService runs, BackupService backups, RestoreService restores, PruneQueue prunes,
                         GlobalConfigService globalConfig, Heartbeats heartbeats, Clock clock,
                         Integer concurrencyOverride) {
        if (concurrencyOverride != null && concurrencyOverride < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.runs = runs;
        this.backups = backups;
        this.restores = restores;
        this.prunes = prunes;
        this.globalConfig = globalConfig;
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.concurrencyOverride = concurrencyOverride;
        this.startedAt = clock.instant();
    }

    /** The id recorded on the runs this worker claims ("worker:host:pid"). */
    public String workerId() {
        return workerId;
    }

    /** Called on a backup thread whenever a run ends (the loop uses it to claim the next at once). */
    public void onRunEnded(Runnable callback) {
        this.onRunEnded = callback == null ? () -> { } : callback;
    }

    /** Recovers lost runs, then claims and starts runs until the limit is reached or the queue is empty. */
    public PassResult runOnce() {
        synchronized (passLock) {
            if (stopping) {
                return new PassResult(0, 0, running.size(), 0);
            }
            heartbeat();
            GlobalConfig config = globalConfig.get();
            int recovered = runs.recoverLostRuns(Duration.ofSeconds(config.staleRunTimeoutSeconds())).size();
            int limit = concurrencyOverride != null ? concurrencyOverride : config.maxConcurrentBackups();
            int claimed = 0;
            while (!stopping && running.size() < limit) {
                Optional<BackupRun> next = runs.claimNext(workerId);
                if (next.isEmpty()) {
                    break;
                }
                start(next.get());
                claimed++;
            }
            if (prunes != null) {
                Duration stale = Duration.ofSeconds(config.staleRunTimeoutSeconds());
                recovered += prunes.recoverLost(stale).size();
                if (!stopping && prune == null) {
                    prunes.claimNext(workerId).ifPresent(this::startPrune);
                }
            }
            passTasks.forEach(this::runPassTask);
            return new PassResult(recovered, claimed, running.size(), limit);
        }
    }

    /**
     * True when a run or a prune was queued since the last call (the first call counts anything
     * queued): the loop then passes at once instead of at its interval, so "Back up now" starts
     * within a second or so. One index seek per queue; measured in docs/benchmarks.md.
     */
    public boolean newWorkQueued() {
        long run = runs.newestQueuedId();
        long pruneRequest = prunes == null ? 0 : prunes.newestQueuedId();
        boolean fresh = run > newestRunSeen || pruneRequest > newestPruneSeen;
        newestRunSeen = Math.max(newestRunSeen, run);
        newestPruneSeen = Math.max(newestPruneSeen, pruneRequest);
        return fresh;
    }

    /**
     * Adds housekeeping to the end of every pass (the audit log's retention). A task decides
     * itself how often it really does something; one that fails is logged and never stops a pass.
     */
    public void alsoEachPass(Runnable task) {
        passTasks.add(task);
    }

    private void runPassTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("housekeeping failed: {}", DatabaseFaults.describe(e));
        }
    }

    /** Marks this worker and each of its running runs as alive. */
    public void heartbeat() {
        heartbeats.beat(component, startedAt);
        for (Long id : running.keySet()) {
            runs.heartbeat(id);
        }
        RunningPrune p = prune;
        if (p != null) {
            prunes.heartbeat(p.request.id());
        }
    }

    private void startPrune(PruneRequest request) {
        RunningPrune p = new RunningPrune(request);
        prune = p;
        try {
            executor.submit(() -> {
                try {
                    prunes.execute(request);
                } finally {
                    prune = null;
                    p.done.countDown();
                    onRunEnded.run();
                }
            });
        } catch (RejectedExecutionException e) {
            prune = null;
            p.done.countDown();
            prunes.giveBack(request);
        }
    }

    public int runningCount() {
        return running.size();
    }

    /** Waits until no backup of this worker runs (or the timeout passes); true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (RunningBackup rb : List.copyOf(running.values())) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !rb.done.await(left, TimeUnit.NANOSECONDS)) {
                return idle();
            }
        }
        RunningPrune p = prune;
        if (p != null) {
            p.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return idle();
    }

    private boolean idle() {
        return running.isEmpty() && prune == null;
    }

    /**
     * Claims nothing more, asks every running backup to end (rsync gets TERM, then KILL), waits up
     * to {@code grace}, and fails whatever is still running with "worker stopped" after ending its
     * rsync. A backup cancelled this way is queued again, so a restart of the worker does not lose it.
     */
    public void stop(Duration grace) {
        markStopping();
        synchronized (passLock) {
            // Waits for a pass in progress: after this no run is claimed any more.
            stopping = true;
        }
        List<RunningBackup> current = List.copyOf(running.values());
        if (!current.isEmpty()) {
            log.info("stopping: ending {} running backup(s)", current.size());
        }
        current.forEach(rb -> rb.stopRequested = true);
        long deadline = System.nanoTime() + grace.toNanos();
        for (RunningBackup rb : current) {
            try {
                rb.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        RunningPrune p = prune;
        if (p != null) {
            try {
                if (!p.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.warn("prune {} of {}: did not end within {} s of the stop; failing it", p.request.id(),
                            p.request.hostName(), grace.toSeconds());
                    prunes.abandon(p.request, STOPPED + ": " + PruneQueue.STOPPED_PART_WAY);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (RunningBackup rb : List.copyOf(running.values())) {
            log.warn("run {} of {}: did not end within {} s of the stop; ending its rsync and failing it",
                    rb.run.id(), rb.run.hostName(), grace.toSeconds());
            Future<?> f = rb.future;
            if (f != null) {
                f.cancel(true);
            }
            try {
                runs.abandon(rb.run.id(), STOPPED + " (the backup did not end within " + grace.toSeconds() + " s)");
            } catch (RuntimeException e) {
                log.error("run {} of {}: could not be recorded as failed: {}", rb.run.id(), rb.run.hostName(),
                        DatabaseFaults.describe(e));
            }
        }
        executor.shutdownNow();
    }

    /**
     * The first thing a stop does, before waiting for anything: from here on a backup that ends
     * cancelled, or killed by a signal, is the stop's doing.
     */
    public void markStopping() {
        stopping = true;
        running.values().forEach(rb -> rb.stopRequested = true);
    }

    private void start(BackupRun run) {
        RunningBackup rb = new RunningBackup(run);
        rb.stopRequested = stopping;
        running.put(run.id(), rb);
        log.info("run {} of {}: claimed by worker {}{} (trigger {}, queued {} ago)", run.id(), run.hostName(),
                workerId.substring("worker:".length()), run.dryRun() ? ", dry run" : "", run.trigger().dbValue(),
                Human.duration(Duration.between(run.queuedAt(), clock.instant())));
        try {
            rb.future = executor.submit(() -> execute(rb));
        } catch (RejectedExecutionException e) {
            running.remove(run.id());
            rb.done.countDown();
            runs.abandon(run.id(), STOPPED + " before the backup started");
        }
    }

    private void execute(RunningBackup rb) {
        BackupRun run = rb.run;
        try {
            BackupRun end = run.isRestore() ? restore(rb) : backups.execute(run, rb);
            if (end.status() == RunStatus.QUEUED) {
                return; // the host was locked by a prune: back in the queue (logged by RunService)
            }
            logEnd(end);
            if (endedByStop(rb, end)) {
                runs.appendError(run.id(), STOPPED);
                if (!end.isRestore()) {
                    requeue(end); // a restore half done is for its operator to look at, not to repeat unasked
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("run {} of {}: the worker failed while running it", run.id(), run.hostName(), e);
            try {
                runs.abandon(run.id(), "internal error in the worker: " + DatabaseFaults.describe(e));
            } catch (RuntimeException again) {
                // The run keeps no heartbeat from here on: the next pass of any worker fails it as lost.
                log.error("run {} of {}: could not be recorded as failed: {}", run.id(), run.hostName(),
                        DatabaseFaults.describe(again));
            }
        } finally {
            running.remove(run.id());
            rb.done.countDown();
            onRunEnded.run();
        }
    }

    private BackupRun restore(RunningBackup rb) {
        if (restores == null) {
            runs.abandon(rb.run.id(), "this worker does not carry out restores");
            return runs.get(rb.run.id());
        }
        return restores.execute(rb.run, rb);
    }

    /**
     * Did this worker's stop end the backup? Yes when it was cancelled after the stop began
     * (BackupService also counts an rsync killed by the stop's own signal as cancelled).
     */
    private static boolean endedByStop(RunningBackup rb, BackupRun end) {
        return end.status() == RunStatus.CANCELLED && rb.stopRequested;
    }

    private void logEnd(BackupRun r) {
        if (r.errorSummary() != null && r.errorSummary().startsWith(RunService.WORKER_LOST)) {
            // Another worker ended it while this one was paused or cut off (BackupService logged how).
            log.warn("run {} of {}: {} (declared lost by another worker meanwhile): {}", r.id(), r.hostName(),
                    r.status().dbValue(), Human.firstLine(r.errorSummary()));
            return;
        }
        StringBuilder sb = new StringBuilder();
        if (r.snapshotName() != null && !r.dryRun()) {
            boolean usable = r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.WARNING;
            sb.append(usable ? ", snapshot " : ", left ").append(r.snapshotName()).append(usable ? "" : ".incomplete");
        }
        sb.append(", ").append(r.filesTransferred() == null ? "–" : Human.plural(r.filesTransferred(), "file")).append(" / ")
                .append(Human.bytes(r.bytesTransferred())).append(" transferred in ")
                .append(Human.duration(r.duration(clock.instant())));
        if (r.errorSummary() != null && !r.errorSummary().equals(r.status().dbValue())) {
            sb.append(": ").append(Human.firstLine(r.errorSummary()));
        }
        if (r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.WARNING) {
            log.info("run {} of {}: {}{}", r.id(), r.hostName(), r.status().dbValue(), sb);
        } else {
            log.warn("run {} of {}: {}{}", r.id(), r.hostName(), r.status().dbValue(), sb);
        }
    }

    /** A backup the worker's stop ended (not an operator's cancel) runs again with the next worker. */
    private void requeue(BackupRun cancelled) {
        if (runs.cancelRequested(cancelled.id())) {
            return;
        }
        try {
            BackupRun again = runs.enqueue(cancelled.hostName(), cancelled.trigger(), cancelled.dryRun(),
                    cancelled.prune(), "worker");
            log.info("run {} of {}: ended because the worker stopped; queued again as run {}", cancelled.id(),
                    cancelled.hostName(), again.id());
        } catch (ConflictException e) {
            log.info("run {} of {}: ended because the worker stopped; the host already has a queued run",
                    cancelled.id(), cancelled.hostName());
        }
    }

    /** The prune this worker carries out; {@code done} opens when it has ended. */
    private static final class RunningPrune {
        final PruneRequest request;
        final CountDownLatch done = new CountDownLatch(1);

        RunningPrune(PruneRequest request) {
            this.request = request;
        }
    }

    /** One backup of this worker; also its observer, through which a stop cancels it. */
    private static final class RunningBackup implements BackupObserver {
        final BackupRun run;
        final CountDownLatch done = new CountDownLatch(1);
        volatile Future<?> future;
        volatile boolean stopRequested;

        RunningBackup(BackupRun run) {
            this.run = run;
        }

        @Override
        public boolean cancelRequested() {
            return stopRequested;
        }
    }

    /** For tests and status output: the runs this worker is executing. */
    public List<Long> runningRunIds() {
        return new ArrayList<>(running.keySet());
    }
}
