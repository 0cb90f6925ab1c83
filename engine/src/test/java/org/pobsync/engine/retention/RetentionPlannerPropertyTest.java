package org.pobsync.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pobsync.engine.retention.SnapshotCandidate.Status;

/**
 * Randomized (seeded, so failures reproduce) series, policies and running backups. Each property
 * names the seed of the case that broke it.
 */
class RetentionPlannerPropertyTest {

    private static final int CASES = 500;
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"), ZoneId.of("Australia/Sydney"), ZoneId.of("Asia/Kolkata"));

    private record Case(long seed, List<SnapshotCandidate> snapshots, RetentionPolicy policy,
                        Set<String> runningBases, ZoneId zone) {
        RetentionPlan plan() {
            return new RetentionPlanner(zone).plan(snapshots, policy, runningBases);
        }

        @Override
        public String toString() {
            return "seed " + seed + " (" + policy.describe() + ", " + zone + ", " + snapshots.size() + " snapshots)";
        }
    }

    private static void forEachCase(Consumer<Case> property) {
        for (long seed = 1; seed <= CASES; seed++) {
            property.accept(randomCase(seed));
        }
    }

    private static Case randomCase(long seed) {
        Random random = new Random(seed);
        int count = 1 + random.nextInt(random.nextBoolean() ? 12 : 80);
        Instant time = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextInt(86400 * 365));
        List<SnapshotCandidate> snapshots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            time = time.plusSeconds(randomGap(random));
            snapshots.add(Snapshots.of(time, randomStatus(random)));
        }
        Set<String> bases = new HashSet<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            bases.add(snapshots.get(random.nextInt(count)).name());
        }
        Collections.shuffle(snapshots, random);
        RetentionPolicy policy = new RetentionPolicy(randomCount(random), randomCount(random),
                randomCount(random), randomCount(random), randomCount(random), randomCount(random));
        return new Case(seed, snapshots, policy, bases, ZONES.get(random.nextInt(ZONES.size())));
    }

    private static long randomGap(Random random) {
        switch (random.nextInt(5)) {
            case 0: return 1 + random.nextInt(3600);               // minutes apart
            case 1: return 1800 + random.nextInt(6 * 3600);        // hours apart
            case 2: return 20 * 3600 + random.nextInt(8 * 3600);   // nightly
            case 3: return 86400L + random.nextInt(86400 * 20);    // days to weeks
            default: return 86400L * (20 + random.nextInt(200));  // months
        }
    }

    private static Status randomStatus(Random random) {
        int p = random.nextInt(100);
        return p < 70 ? Status.COMPLETE : p < 80 ? Status.PARTIAL : p < 92 ? Status.INCOMPLETE : Status.DELETING;
    }

    private static Integer randomCount(Random random) {
        int p = random.nextInt(10);
        return p < 4 ? null : p < 5 ? 0 : 1 + random.nextInt(6);
    }

    @Test
    void theRandomCasesReachEveryReason() {
        Set<KeepReason> keepReasons = new HashSet<>();
        Set<PruneReason> pruneReasons = new HashSet<>();
        forEachCase(c -> c.plan().decisions().forEach(d -> {
            keepReasons.addAll(d.keepReasons());
            if (d.pruneReason() != null) {
                pruneReasons.add(d.pruneReason());
            }
        }));
        assertThat(keepReasons).containsExactlyInAnyOrder(KeepReason.values());
        assertThat(pruneReasons).containsExactlyInAnyOrder(PruneReason.values());
    }

    @Test
    void everyInputSnapshotAppearsExactlyOnceNewestFirst() {
        forEachCase(c -> {
            List<RetentionDecision> decisions = c.plan().decisions();
            assertThat(decisions).as(c.toString()).extracting(RetentionDecision::snapshot)
                    .containsExactlyInAnyOrderElementsOf(c.snapshots());
            for (int i = 1; i < decisions.size(); i++) {
                assertThat(decisions.get(i - 1).snapshot().startedAt()).as(c.toString())
                        .isAfter(decisions.get(i).snapshot().startedAt());
            }
        });
    }

    @Test
    void neverPrunesTheNewestCompleteSnapshot() {
        forEachCase(c -> c.snapshots().stream().filter(s -> s.status() == Status.COMPLETE)
                .max(java.util.Comparator.comparing(SnapshotCandidate::startedAt))
                .ifPresent(newest -> assertThat(c.plan().toKeep()).as(c.toString()).contains(newest)));
    }

    @Test
    void neverPrunesTheBaseOfARunningBackup() {
        forEachCase(c -> assertThat(c.plan().toPrune()).as(c.toString())
                .noneMatch(s -> c.runningBases().contains(s.name())));
    }

    @Test
    void isDeterministicWhateverTheInputOrder() {
        forEachCase(c -> {
            List<SnapshotCandidate> reversed = new ArrayList<>(c.snapshots());
            Collections.reverse(reversed);
            RetentionPlan again = new RetentionPlanner(c.zone()).plan(reversed, c.policy(), c.runningBases());
            assertThat(again).as(c.toString()).isEqualTo(c.plan());
        });
    }

    @Test
    void theRulesKeepExactlyWhatProxmoxBackupServerKeeps() {
        forEachCase(c -> {
            List<SnapshotCandidate> participants = c.snapshots().stream()
                    .filter(s -> s.status() == Status.COMPLETE || s.status() == Status.PARTIAL).toList();
            Set<String> keptByRules = c.plan().decisions().stream()
                    .filter(d -> d.keep() && d.snapshot().status().takesPartInRules() && !d.keptDespitePolicy())
                    .map(RetentionDecision::name).collect(Collectors.toSet());
            assertThat(keptByRules).as(c.toString())
                    .isEqualTo(ProxmoxPruneReference.kept(participants, c.policy(), c.zone()));
        });
    }

    @Test
    void eachRuleKeepsAtMostItsCount() {
        forEachCase(c -> {
            for (RetentionRule rule : RetentionRule.values()) {
                long selected = c.plan().decisions().stream()
                        .filter(d -> d.keep() && !d.keepReasons().isEmpty() && d.keepReasons().get(0) == rule.reason())
                        .count();
                assertThat(selected).as(c + " " + rule).isLessThanOrEqualTo(rule.count(c.policy()));
            }
        });
    }

    @Test
    void planningAgainOverTheKeptSnapshotsPrunesNothingAndGivesTheSameReasons() {
        forEachCase(c -> {
            RetentionPlan first = c.plan();
            RetentionPlan second = new RetentionPlanner(c.zone()).plan(first.toKeep(), c.policy(), c.runningBases());
            assertThat(second.toPrune()).as(c.toString()).isEmpty();
            List<RetentionDecision> keptFirst = first.decisions().stream().filter(RetentionDecision::keep).toList();
            assertThat(second.decisions()).as(c.toString()).isEqualTo(keptFirst);
        });
    }
}
