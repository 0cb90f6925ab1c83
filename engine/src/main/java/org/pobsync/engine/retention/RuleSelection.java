package org.pobsync.engine.retention;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proxmox Backup Server's {@code compute_prune_info}/{@code mark_selections}, rule by rule, over
 * the complete and partial snapshots of one host (newest first). See package-info for the walk.
 * The safety rules are not applied here: this class answers only "what would PBS keep".
 */
final class RuleSelection {

    private static final byte UNMARKED = 0;
    private static final byte KEEP = 1;
    private static final byte REMOVE = 2;

    private RuleSelection() {
    }

    /**
     * The reasons each snapshot is kept for, by index into {@code newestFirst}; an empty set
     * means the rules prune it.
     */
    static List<EnumSet<KeepReason>> select(List<SnapshotCandidate> newestFirst,
                                            RetentionPolicy policy, ZoneId zone) {
        int n = newestFirst.size();
        LocalDateTime[] local = new LocalDateTime[n];
        List<EnumSet<KeepReason>> reasons = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            local[i] = LocalDateTime.ofInstant(newestFirst.get(i).startedAt(), zone);
            reasons.add(EnumSet.noneOf(KeepReason.class));
        }
        byte[] mark = new byte[n];
        long[] period = new long[n];
        for (RetentionRule rule : RetentionRule.values()) {
            int keep = rule.count(policy);
            if (keep == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                period[i] = rule.period(i, local[i]);
            }
            Set<Long> alreadyIncluded = creditAlreadyIncluded(rule, mark, period, reasons);
            Set<Long> selected = new HashSet<>();
            for (int i = 0; i < n; i++) {
                if (mark[i] != UNMARKED || alreadyIncluded.contains(period[i])) {
                    continue;
                }
                if (selected.contains(period[i])) {
                    // A newer snapshot already holds this period for this rule.
                    mark[i] = REMOVE;
                } else if (selected.size() >= keep) {
                    // This rule has its N periods; older snapshots are left to later rules.
                    break;
                } else {
                    selected.add(period[i]);
                    mark[i] = KEEP;
                    reasons.get(i).add(rule.reason());
                }
            }
        }
        return reasons;
    }

    /**
     * The periods already covered by snapshots earlier rules kept: they do not count towards this
     * rule's N. The newest kept snapshot of each such period is credited with this rule too, so a
     * plan can say why the rule did not pick anything else in that period.
     */
    private static Set<Long> creditAlreadyIncluded(RetentionRule rule, byte[] mark, long[] period,
                                                   List<EnumSet<KeepReason>> reasons) {
        Map<Long, Integer> newestKept = new HashMap<>();
        for (int i = 0; i < mark.length; i++) {
            if (mark[i] == KEEP) {
                newestKept.putIfAbsent(period[i], i);
            }
        }
        for (int index : newestKept.values()) {
            reasons.get(index).add(rule.reason());
        }
        return newestKept.keySet();
    }
}
