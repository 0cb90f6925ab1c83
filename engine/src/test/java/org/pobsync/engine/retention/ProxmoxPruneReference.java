package org.pobsync.engine.retention;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A second, deliberately literal rendering of Proxmox Backup Server's compute_prune_info /
 * mark_selections (string period ids, a map of marks), written independently of the planner so
 * randomized tests can compare the two. Only the rules: no safety rules, no statuses.
 */
final class ProxmoxPruneReference {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu/MM");
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("uuuu");

    private ProxmoxPruneReference() {
    }

    /** Names PBS keeps among these (complete) snapshots. */
    static Set<String> kept(List<SnapshotCandidate> snapshots, RetentionPolicy policy, ZoneId zone) {
        List<SnapshotCandidate> list = new ArrayList<>(snapshots);
        list.sort(Comparator.comparing(SnapshotCandidate::startedAt).reversed());
        Set<String> all = new HashSet<>();
        list.forEach(s -> all.add(s.name()));
        if (policy.keepsEverything()) {
            return all;
        }
        Map<String, Boolean> mark = new HashMap<>();
        Function<SnapshotCandidate, LocalDateTime> local = s -> LocalDateTime.ofInstant(s.startedAt(), zone);
        if (policy.keepLast() != null) {
            markSelections(mark, list, policy.keepLast(), SnapshotCandidate::name);
        }
        if (policy.keepHourly() != null) {
            markSelections(mark, list, policy.keepHourly(), s -> HOUR.format(local.apply(s)));
        }
        if (policy.keepDaily() != null) {
            markSelections(mark, list, policy.keepDaily(), s -> DAY.format(local.apply(s)));
        }
        if (policy.keepWeekly() != null) {
            markSelections(mark, list, policy.keepWeekly(), s -> {
                LocalDateTime t = local.apply(s);
                return t.get(IsoFields.WEEK_BASED_YEAR) + "/" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            });
        }
        if (policy.keepMonthly() != null) {
            markSelections(mark, list, policy.keepMonthly(), s -> MONTH.format(local.apply(s)));
        }
        if (policy.keepYearly() != null) {
            markSelections(mark, list, policy.keepYearly(), s -> YEAR.format(local.apply(s)));
        }
        Set<String> kept = new HashSet<>();
        mark.forEach((name, keep) -> {
            if (keep) {
                kept.add(name);
            }
        });
        return kept;
    }

    private static void markSelections(Map<String, Boolean> mark, List<SnapshotCandidate> list, int keep,
                                       Function<SnapshotCandidate, String> selectId) {
        Set<String> includeHash = new HashSet<>();
        Set<String> alreadyIncluded = new HashSet<>();
        for (SnapshotCandidate info : list) {
            if (Boolean.TRUE.equals(mark.get(info.name()))) {
                alreadyIncluded.add(selectId.apply(info));
            }
        }
        for (SnapshotCandidate info : list) {
            if (mark.containsKey(info.name())) {
                continue;
            }
            String selId = selectId.apply(info);
            if (alreadyIncluded.contains(selId)) {
                continue;
            }
            if (!includeHash.contains(selId)) {
                if (includeHash.size() >= keep) {
                    break;
                }
                includeHash.add(selId);
                mark.put(info.name(), true);
            } else {
                mark.put(info.name(), false);
            }
        }
    }
}
