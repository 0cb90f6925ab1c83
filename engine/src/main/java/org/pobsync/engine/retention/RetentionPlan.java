package org.pobsync.engine.retention;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a prune would do to one host's snapshots: every input snapshot exactly once, newest first,
 * each with its verdict and reasons. Planning never touches the disk; applying the plan (and its
 * max-delete bound) is the application's job.
 */
public record RetentionPlan(RetentionPolicy policy, ZoneId zone, List<RetentionDecision> decisions) {

    public RetentionPlan {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(zone, "zone");
        decisions = List.copyOf(decisions);
    }

    public List<SnapshotCandidate> toKeep() {
        return decisions.stream().filter(RetentionDecision::keep).map(RetentionDecision::snapshot).toList();
    }

    public List<SnapshotCandidate> toPrune() {
        return decisions.stream().filter(d -> !d.keep()).map(RetentionDecision::snapshot).toList();
    }

    public Optional<RetentionDecision> decisionFor(String name) {
        return decisions.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
