package org.pobsync.engine.retention;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.pobsync.engine.retention.SnapshotCandidate.Status;

/**
 * Decides which of one host's snapshots a prune keeps: Proxmox Backup Server's rules (see
 * {@link RuleSelection}) plus pobsync's safety rules on top. A pure function of its arguments and
 * the time zone periods are computed in; it never reads the clock or the disk.
 */
public final class RetentionPlanner {

    /** Newest first; names break ties so equal start times still give one order. */
    private static final Comparator<SnapshotCandidate> NEWEST_FIRST =
            Comparator.comparing(SnapshotCandidate::startedAt)
                    .thenComparing(SnapshotCandidate::name).reversed();

    private final ZoneId zone;

    /** @param zone the zone whose hours, days, weeks, months and years the rules count */
    public RetentionPlanner(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * @param snapshots    every snapshot record of one host that is not deleted or missing
     * @param runningBases names of snapshots a running backup uses as its --link-dest base
     * @throws IllegalArgumentException when two snapshots share a name: the input is inconsistent
     *                                  and nothing should be pruned from it
     */
    public RetentionPlan plan(Collection<SnapshotCandidate> snapshots, RetentionPolicy policy,
                              Set<String> runningBases) {
        Objects.requireNonNull(policy, "policy");
        Set<String> bases = runningBases == null ? Set.of() : runningBases;
        List<SnapshotCandidate> sorted = sortedNewestFirst(snapshots);

        List<SnapshotCandidate> participants = new ArrayList<>();
        for (SnapshotCandidate s : sorted) {
            if (s.status().takesPartInRules()) {
                participants.add(s);
            }
        }
        List<EnumSet<KeepReason>> ruleReasons = policy.keepsEverything()
                ? List.of() : RuleSelection.select(participants, policy, zone);

        List<RetentionDecision> decisions = new ArrayList<>(sorted.size());
        int participantIndex = 0;
        boolean newestCompleteSeen = false;
        for (SnapshotCandidate s : sorted) {
            boolean runningBase = bases.contains(s.name());
            RetentionDecision decision;
            if (s.status() == Status.DELETING) {
                decision = runningBase
                        ? RetentionDecision.kept(s, List.of(KeepReason.RUNNING_BASE))
                        : RetentionDecision.pruned(s, PruneReason.INTERRUPTED_PRUNE);
            } else if (policy.keepsEverything()) {
                decision = RetentionDecision.kept(s, List.of(KeepReason.NO_POLICY));
            } else if (s.status() == Status.INCOMPLETE) {
                decision = decideIncomplete(s, newestCompleteSeen, runningBase);
            } else {
                boolean newestComplete = s.status() == Status.COMPLETE && !newestCompleteSeen;
                decision = decideByRules(s, ruleReasons.get(participantIndex), newestComplete, runningBase);
            }
            if (s.status().takesPartInRules()) {
                participantIndex++;
            }
            if (s.status() == Status.COMPLETE) {
                newestCompleteSeen = true;
            }
            decisions.add(decision);
        }
        return new RetentionPlan(policy, zone, decisions);
    }

    private static RetentionDecision decideByRules(SnapshotCandidate s, EnumSet<KeepReason> byRules,
                                                   boolean newestComplete, boolean runningBase) {
        if (!byRules.isEmpty()) {
            return RetentionDecision.kept(s, new ArrayList<>(byRules));
        }
        List<KeepReason> safety = new ArrayList<>();
        if (newestComplete) {
            // Even when a newer partial snapshot took the policy's last slot: a partial snapshot
            // lacks files, so the newest complete one must survive.
            safety.add(KeepReason.NEWEST_COMPLETE);
        }
        if (runningBase) {
            safety.add(KeepReason.RUNNING_BASE);
        }
        return safety.isEmpty()
                ? RetentionDecision.pruned(s, PruneReason.NOT_SELECTED)
                : RetentionDecision.kept(s, safety);
    }

    private static RetentionDecision decideIncomplete(SnapshotCandidate s, boolean newerCompleteExists,
                                                      boolean runningBase) {
        if (!newerCompleteExists) {
            // Newer than every complete snapshot: a backup still running, or the latest failures,
            // which an operator wants to inspect (and which may hold the only copy of new files).
            return RetentionDecision.kept(s, List.of(KeepReason.NEWEST_INCOMPLETE));
        }
        if (runningBase) {
            return RetentionDecision.kept(s, List.of(KeepReason.RUNNING_BASE));
        }
        return RetentionDecision.pruned(s, PruneReason.STALE_INCOMPLETE);
    }

    private static List<SnapshotCandidate> sortedNewestFirst(Collection<SnapshotCandidate> snapshots) {
        List<SnapshotCandidate> sorted = new ArrayList<>(snapshots);
        Set<String> names = new HashSet<>();
        for (SnapshotCandidate s : sorted) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("snapshot name listed twice: " + s.name());
            }
        }
        sorted.sort(NEWEST_FIRST);
        return sorted;
    }
}
