package org.pobsync.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pobsync.audit.AuditLog;
import org.pobsync.db.Database;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.engine.HostBusyException;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.liveness.ProcessIdentity;
import org.pobsync.runs.RunService;
import org.pobsync.runs.RunStatus;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.InvalidInputException;
import org.pobsync.validation.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention applies confirmed in the panel and carried out by a worker. The panel cannot delete
 * snapshots itself under the systemd units (the backup root is read-only to it, and snapshot
 * files belong to other users); the worker can. One request per host at a time; a request
 * claimed while the host's lock is held (a backup is running) waits {@link RunService#BUSY_RETRY}
 * and is tried again; a request whose worker is gone fails as "worker lost" (the snapshots it was
 * deleting stay {@code deleting} and the next prune of the host finishes them).
 */
public final class PruneQueue {

    static final Logger log = LoggerFactory.getLogger(PruneQueue.class);
    /**
     * How a prune that stopped part-way is reported (its worker was lost or stopped): what was
     * deleted is gone, what was not can be finished by applying again.
     */
    public static final String STOPPED_PART_WAY = "the prune stopped part-way; apply again to finish it"
            + " (snapshots left 'deleting' are deleted first)";

    private final Database db;
    private final PruneRequestRepository requests;
    private final HostService hosts;
    private final RetentionService retention;
    private final AuditLog audit;
    private final Clock clock;
    /** Requests this JVM has claimed and not finished. */

    public PruneQueue(Database db, PruneRequestRepository requests, HostService hosts, RetentionService retention,
                      AuditLog audit, Clock clock) {
        this.db = db;
        this.requests = requests;
        this.hosts = hosts;
        this.retention = retention;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Queues the host's prune for a worker, after checking what can be checked now: the
     * confirmation, the bound, and that the current plan fits in it (the worker checks the plan
     * again when it runs, and refuses the whole apply if it has grown past the bound by then).
     */
    public PruneRequest enqueue(String hostName, Integer maxDelete, boolean confirmed, String actor) {
        if (!confirmed) {
            throw new ConflictException("applying retention deletes snapshots: confirm it");
        }
        if (maxDelete == null) {
            throw new InvalidInputException("max-delete", "set the most snapshots this apply may delete");
        }
        if (maxDelete < 0) {
            throw new InvalidInputException("max-delete", "must be 0 or more");
        }
        Host host = hosts.get(hostName);
        long planned = retention.plan(hostName).pruneCount();
        if (planned == 0) {
            throw new ConflictException("the plan of " + host.name() + " deletes nothing");
        }
        if (planned > maxDelete) {
            throw new ConflictException("the plan deletes " + planned + " snapshot(s) of " + host.name()
                    + ", more than --max-delete " + maxDelete + "; nothing was deleted");
        }
        Long id = db.tx().execute(tx -> {
            if (requests.findActive(host.id()).isPresent()) {
                return null;
            }
            return requests.insert(host.id(), maxDelete, actor, clock.instant());
        });
        if (id == null) {
            throw new ConflictException("a prune of " + host.name() + " is already waiting for a worker or running");
        }
        audit.record(actor, "prune.queue", host.name(), "request=" + id + " max-delete=" + maxDelete
                + " planned=" + planned);
        log.info("prune {} of {}: queued by {} (at most {} snapshot(s))", id, host.name(), actor, maxDelete);
        return get(id);
    }

    public PruneRequest get(long id) {
        return requests.find(id).orElseThrow(() -> new NotFoundException("no prune request " + id));
    }

    public List<PruneRequest> recent(String hostName, int limit) {
        return requests.recent(hosts.get(hostName).id(), limit);
    }

    /** The newest queued request's id (0: none), for a worker watching for new work. */
    public long newestQueuedId() {
        return requests.newestQueuedId();
    }

    /** The oldest claimable request, now running under {@code workerId}; empty when there is none. */
    public Optional<PruneRequest> claimNext(String workerId) {
        for (PruneRequest candidate : requests.findClaimable(clock.instant(), 8)) {
            if (requests.markStarted(candidate.id(), workerId, ProcessIdentity.hostname(), ProcessIdentity.pid(),
                    ProcessIdentity.instance(), clock.instant())) {
                return Optional.of(get(candidate.id()));
            }
        }
        return Optional.empty();
    }

    public void heartbeat(long id) {
        requests.heartbeat(id, clock.instant());
    }

    /**
     * Carries out a claimed request through {@link RetentionService#apply} and records the outcome.
     * Never throws: whatever goes wrong ends on the request.
     */
    public PruneRequest execute(PruneRequest request) {
        try {
            log.info("prune {} of {}: started (requested by {}, at most {} snapshot(s))", request.id(),
                    request.hostName(), request.requestedBy(), request.maxDelete());
            RetentionService.PruneReport report = retention.apply(request.hostName(), request.maxDelete(), true,
                    request.requestedBy());
            RunStatus status = report.errors().isEmpty() ? RunStatus.SUCCEEDED : RunStatus.FAILED;
            requests.finish(request.id(), status, report.deleted().size(), report.bytesFreed(), report.summary(),
                    clock.instant());
            log.info("prune {} of {}: {}", request.id(), request.hostName(), report.summary());
        } catch (HostBusyException e) {
            Instant notBefore = clock.instant().plus(RunService.BUSY_RETRY);
            requests.requeue(request.id(), notBefore, "waiting: " + e.getMessage());
            log.info("prune {} of {}: host busy ({}); next try in {} s", request.id(), request.hostName(),
                    e.getMessage(), RunService.BUSY_RETRY.toSeconds());
        } catch (ConflictException | InvalidInputException | NotFoundException e) {
            requests.finish(request.id(), RunStatus.FAILED, 0, 0L, e.getMessage(), clock.instant());
            log.warn("prune {} of {}: refused: {}", request.id(), request.hostName(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("prune {} of {}: failed", request.id(), request.hostName(), e);
            requests.finish(request.id(), RunStatus.FAILED, null, null, "internal error: " + DatabaseFaults.describe(e),
                    clock.instant());
        }
        return get(request.id());
    }

    /** Puts a claimed request back, claimable at once (its worker could not start it). */
    public void giveBack(PruneRequest request) {
        requests.requeue(request.id(), clock.instant(), null);
    }

    /** Fails a running request of this process that cannot end normally (its worker is stopping). */
    public void abandon(PruneRequest request, String reason) {
        requests.finish(request.id(), RunStatus.FAILED, null, null, reason, clock.instant());
    }

    /**
     * Fails running requests whose worker is gone: its process no longer exists on this machine,
     * or its heartbeat is older than {@code staleAfter}.
     */
    public List<PruneRequest> recoverLost(Duration staleAfter) {
        Instant now = clock.instant();
        List<PruneRequest> lost = new ArrayList<>();
        for (PruneRequest r : requests.findRunning()) {
            Optional<String> why = r.claim().lost(staleAfter, now);
            if (why.isEmpty()) {
                continue;
            }
            if (requests.finish(r.id(), RunStatus.FAILED, null, null, "worker lost: " + STOPPED_PART_WAY, now)) {
                log.warn("prune {} of {}: worker {} lost ({}), marked failed", r.id(), r.hostName(), r.workerId(),
                        why.get());
                lost.add(r);
            }
        }
        return lost;
    }
}
