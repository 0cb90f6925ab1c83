package org.pobsync.engine.retention;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The verdict on one snapshot. A kept snapshot has at least one {@link KeepReason} and no prune
 * reason; a pruned one has a {@link PruneReason} and no keep reasons.
 *
 * <p>For a snapshot kept by the rules, the first reason is the rule that selected it and the
 * following ones are later rules that counted its period as already covered (the newest snapshot
 * of a plan with keep-last 1 and keep-daily 7 reads "last, daily"). Safety reasons
 * ({@link KeepReason#NEWEST_COMPLETE}, {@link KeepReason#RUNNING_BASE}) appear only when the
 * rules alone would have pruned the snapshot.
 */
public record RetentionDecision(SnapshotCandidate snapshot, boolean keep,
                                List<KeepReason> keepReasons, PruneReason pruneReason) {

    public RetentionDecision {
        Objects.requireNonNull(snapshot, "snapshot");
        keepReasons = List.copyOf(keepReasons);
        if (keep && (keepReasons.isEmpty() || pruneReason != null)) {
            throw new IllegalArgumentException("a kept snapshot needs keep reasons and no prune reason");
        }
        if (!keep && (!keepReasons.isEmpty() || pruneReason == null)) {
            throw new IllegalArgumentException("a pruned snapshot needs a prune reason and no keep reasons");
        }
    }

    static RetentionDecision kept(SnapshotCandidate snapshot, List<KeepReason> reasons) {
        return new RetentionDecision(snapshot, true, reasons, null);
    }

    static RetentionDecision pruned(SnapshotCandidate snapshot, PruneReason reason) {
        return new RetentionDecision(snapshot, false, List.of(), reason);
    }

    public String name() {
        return snapshot.name();
    }

    /** True when only a safety rule keeps it: the policy on its own would prune it. */
    public boolean keptDespitePolicy() {
        return keep && keepReasons.stream().allMatch(
                r -> r == KeepReason.NEWEST_COMPLETE || r == KeepReason.RUNNING_BASE);
    }

    /** "last, daily" for a kept snapshot, "stale incomplete" for a pruned one. */
    public String reasonText() {
        if (!keep) {
            return pruneReason.label();
        }
        return keepReasons.stream().map(KeepReason::label).collect(Collectors.joining(", "));
    }
}
