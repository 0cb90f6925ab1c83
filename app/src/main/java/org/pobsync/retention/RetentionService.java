package org.pobsync.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.engine.layout.HostLock;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.engine.prune.DeletionResult;
import org.pobsync.engine.prune.SnapshotDeleter;
import org.pobsync.engine.retention.RetentionDecision;
import org.pobsync.engine.retention.RetentionPlan;
import org.pobsync.engine.retention.RetentionPlanner;
import org.pobsync.engine.retention.RetentionPolicy;
import org.pobsync.engine.retention.SnapshotCandidate;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunService;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.snapshots.SnapshotSizer;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.validation.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans and applies retention for one host. Planning reads the snapshot records (never the
 * filesystem); applying takes the host's lock, marks each record {@code deleting} before its
 * directory is removed and {@code deleted} after, so an interrupted prune is finished by the next
 * one. The CLI, the panel and post-backup pruning all call this class.
 */
public final class RetentionService {

    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);

    /** A plan with the records it was made from (for sizes and paths). */
    public record PlanView(Host host, RetentionPolicy policy, boolean hostOverride, RetentionPlan plan,
                           Map<String, SnapshotRecord> records) {
        public List<RetentionDecision> decisions() {
            return plan.decisions();
        }

        public long pruneCount() {
            return plan.toPrune().size();
        }
    }

    /**
     * What an apply did.
     *
     * @param bytesFreed      free space gained while the apply ran
     * @param freedLater      whether btrfs snapshots were deleted, whose space btrfs returns in
     *                        the background after the apply (bytesFreed does not include it)
     */
    public record PruneReport(String host, List<String> deleted, long filesRemoved, long bytesFreed,
                              List<String> errors, boolean freedLater) {
        public String summary() {
            return "pruned " + org.pobsync.format.Human.plural(deleted.size(), "snapshot") + " of " + host + ", freed "
                    + org.pobsync.format.Human.bytes(bytesFreed)
                    + (freedLater ? " so far (btrfs returns the space of deleted snapshots in the background)" : "")
                    + (errors.isEmpty() ? "" : "; " + org.pobsync.format.Human.plural(errors.size(), "error") + ": "
                    + String.join("; ", errors));
        }
    }

    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final SnapshotRepository snapshots;
    private final SnapshotSizer sizer;
    private final RunService runs;
    private final AuditLog audit;
    private final Clock clock;

    public RetentionService(GlobalConfigService globalConfig, HostService hosts, SnapshotRepository snapshots,
                            SnapshotSizer sizer, RunService runs, AuditLog audit, Clock clock) {
        this.globalConfig = globalConfig;
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.sizer = sizer;
        this.runs = runs;
        this.audit = audit;
        this.clock = clock;
    }

    public PlanView plan(String hostName) {
        return plan(hostName, null);
    }

    private PlanView plan(String hostName, Long pruningRun) {
        Host host = hosts.get(hostName);
        GlobalConfig g = globalConfig.get();
        RetentionPolicy policy = policy(host, g);
        Map<String, SnapshotRecord> records = new LinkedHashMap<>();
        List<SnapshotCandidate> candidates = new ArrayList<>();
        for (SnapshotRecord r : snapshots.findByHost(host.id())) {
            SnapshotCandidate.Status status = candidateStatus(r.status());
            if (status == null) {
                continue;
            }
            records.put(r.name(), r);
            candidates.add(new SnapshotCandidate(r.name(), r.startedAt() != null ? r.startedAt()
                    : SnapshotName.parse(r.name()).map(n -> n.time()).orElse(r.discoveredAt()),
                    status));
        }
        RetentionPlan plan = new RetentionPlanner(zone()).plan(candidates, policy, runningBases(host, pruningRun));
        return new PlanView(host, policy, host.retentionOverride() != null, plan, records);
    }

    /**
     * Applies the host's plan. Refuses without confirmation, and refuses the whole apply when
     * the plan deletes more than {@code maxDelete} snapshots (null: no bound).
     */
    public PruneReport apply(String hostName, Integer maxDelete, boolean confirmed, String actor) {
        return apply(hostName, maxDelete, confirmed, actor, null);
    }

    /** @param pruningRun the run pruning after itself: its own base is not protected for it */
    private PruneReport apply(String hostName, Integer maxDelete, boolean confirmed, String actor, Long pruningRun) {
        if (!confirmed) {
            throw new ConflictException("applying retention deletes snapshots: confirm it (--apply --yes)");
        }
        if (maxDelete != null && maxDelete < 0) {
            throw new org.pobsync.validation.InvalidInputException("max-delete", "must be 0 or more");
        }
        Host host = hosts.get(hostName);
        Path root = globalConfig.forRootAccess().backupRoot();
        SnapshotLayout layout = new SnapshotLayout(root);
        try {
            layout.createHostDir(host.name());
        } catch (IOException e) {
            throw new ConflictException("cannot prune " + host.name() + ": " + e.getMessage());
        }
        try (HostLock lock = HostLock.acquire(layout.lockFile(host.name()), host.name())) {
            PlanView view = plan(hostName, pruningRun);
            List<SnapshotCandidate> toPrune = new ArrayList<>(view.plan().toPrune());
            if (maxDelete != null && toPrune.size() > maxDelete) {
                throw new ConflictException(boundRefusal(host.name(), toPrune.size(), maxDelete));
            }
            toPrune.sort(Comparator.comparing(SnapshotCandidate::startedAt));
            return delete(host, layout, view, toPrune, actor);
        } catch (IOException e) {
            throw new ConflictException("cannot take the lock of " + host.name() + ": " + e.getMessage());
        }
    }

    /** Why an apply was refused: its plan deletes more than its max-delete bound allows. */
    public static String boundRefusal(String host, long planned, int maxDelete) {
        return "the plan deletes " + org.pobsync.format.Human.plural(planned, "snapshot") + " of " + host + ", more than --max-delete " + maxDelete
                + "; nothing was deleted";
    }

    /** Whether {@code summary} is a {@link #boundRefusal} (what the alerts report as "prune refused"). */
    public static boolean isBoundRefusal(String summary) {
        return summary != null && summary.startsWith("the plan deletes ") && summary.contains(", more than --max-delete ")
                && summary.endsWith("; nothing was deleted");
    }

    /** Post-backup pruning: the same plan and deletion, after the new snapshot is recorded. */
    public String pruneAfterBackup(BackupRun run) {
        return apply(run.hostName(), null, true, "run:" + run.id(), run.id()).summary();
    }

    private PruneReport delete(Host host, SnapshotLayout layout, PlanView view, List<SnapshotCandidate> toPrune,
                               String actor) {
        SnapshotDeleter deleter = new SnapshotDeleter(layout.root());
        long freeBefore = DiskUsage.of(layout.root()).freeBytes();
        SnapshotRepository.DiskUse useBefore = snapshots.diskUse(host.id());
        List<String> deleted = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long files = 0;
        boolean freedLater = false;
        for (SnapshotCandidate c : toPrune) {
            SnapshotRecord r = view.records().get(c.name());
            snapshots.setStatus(r.id(), SnapshotStatus.DELETING, null);
            try {
                SnapshotName name = SnapshotName.parse(c.name()).orElseThrow(
                        () -> new IllegalStateException("not a snapshot name: " + c.name()));
                Path dir = c.status() == SnapshotCandidate.Status.INCOMPLETE
                        ? layout.incompleteDir(host.name(), name) : layout.snapshotDir(host.name(), name);
                freedLater |= Btrfs.isSubvolume(dir);
                DeletionResult result = deleter.delete(dir);
                if (c.status() == SnapshotCandidate.Status.DELETING && !result.existed()) {
                    // An interrupted prune may have been of either directory form.
                    result = deleter.delete(layout.incompleteDir(host.name(), name));
                }
                files += result.files();
                snapshots.setStatus(r.id(), SnapshotStatus.DELETED, clock.instant());
                deleted.add(c.name());
            } catch (IOException | RuntimeException e) {
                errors.add(c.name() + ": " + e.getMessage());
                log.warn("prune of {} {} failed: {}", host.name(), c.name(), e.getMessage());
            }
        }
        long freeAfter = DiskUsage.of(layout.root()).freeBytes();
        try {
            sizer.afterPrune(host.id(), deleted);
        } catch (RuntimeException e) {
            log.warn("after pruning {}: cannot measure the snapshots left: {}", host.name(), e.toString());
        }
        // The host's disk use before and after, by the one definition (docs/design.md "Disk use");
        // the file system's free space also moves with everything else writing to it, so it is
        // only the fallback while some snapshot is not measured (a btrfs one, say).
        SnapshotRepository.DiskUse useAfter = snapshots.diskUse(host.id());
        long bytesFreed = useBefore.unmeasured() == 0 && useAfter.unmeasured() == 0
                ? Math.max(0, useBefore.bytes() - useAfter.bytes()) : Math.max(0, freeAfter - freeBefore);
        PruneReport report = new PruneReport(host.name(), deleted, files, bytesFreed, errors, freedLater);
        if (!deleted.isEmpty() || !errors.isEmpty()) {
            audit.record(actor, "prune.apply", host.name(), report.summary());
        }
        return report;
    }

    public static RetentionPolicy policy(Host host, GlobalConfig g) {
        return (host.retentionOverride() != null ? host.retentionOverride() : g.retention()).toPolicy();
    }

    /**
     * Snapshots that running backups link from, protected from deletion; a run pruning after
     * itself has finished linking, so its base is not protected for it (keep-last 1 keeps one).
     */
    private Set<String> runningBases(Host host, Long pruningRun) {
        Set<String> bases = new HashSet<>();
        for (BackupRun r : runs.running(host.id())) {
            if (r.baseSnapshotName() != null && !Long.valueOf(r.id()).equals(pruningRun)) {
                bases.add(r.baseSnapshotName());
            }
        }
        return bases;
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    static SnapshotCandidate.Status candidateStatus(SnapshotStatus s) {
        return switch (s) {
            case COMPLETE -> SnapshotCandidate.Status.COMPLETE;
            case PARTIAL -> SnapshotCandidate.Status.PARTIAL;
            case INCOMPLETE -> SnapshotCandidate.Status.INCOMPLETE;
            case DELETING -> SnapshotCandidate.Status.DELETING;
            case DELETED, MISSING -> null;
        };
    }
}
