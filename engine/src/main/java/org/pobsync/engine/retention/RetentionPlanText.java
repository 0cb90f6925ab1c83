package org.pobsync.engine.retention;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;

/**
 * A plain-text rendering of a plan, one snapshot per line, for the CLI and for golden-file tests.
 * Local times carry their UTC offset and ISO week so a reader can check every period by eye.
 */
public final class RetentionPlanText {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd EEE HH:mm xxx",
            java.util.Locale.ROOT);

    private RetentionPlanText() {
    }

    public static String format(RetentionPlan plan) {
        StringBuilder out = new StringBuilder();
        out.append("policy: ").append(plan.policy().describe()).append('\n');
        out.append("zone:   ").append(plan.zone().getId()).append('\n');
        for (RetentionDecision d : plan.decisions()) {
            ZonedDateTime local = d.snapshot().startedAt().atZone(plan.zone());
            out.append(String.format(java.util.Locale.ROOT, "%-5s  %-16s  %s  %s  %-10s  %s\n",
                    d.keep() ? "keep" : "prune", d.name(), LOCAL.format(local), isoWeek(local.toLocalDateTime()),
                    d.snapshot().status().label(), d.reasonText()));
        }
        out.append(String.format(java.util.Locale.ROOT, "keep %d, prune %d\n",
                plan.toKeep().size(), plan.toPrune().size()));
        return out.toString();
    }

    private static String isoWeek(LocalDateTime local) {
        return String.format(java.util.Locale.ROOT, "%d-W%02d",
                local.get(IsoFields.WEEK_BASED_YEAR), local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
