package org.pobsync.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A validated 5-field cron expression (minute hour day-of-month month day-of-week). */
public final class CronExpression {

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String text;
    private final Cron cron;
    private final ExecutionTime executionTime;

    private CronExpression(String text, Cron cron) {
        this.text = text;
        this.cron = cron;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /** Parses, or throws IllegalArgumentException with a message an operator can act on. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a cron expression is required, e.g. \"15 2 * * *\" (02:15 every day)");
        }
        String normalized = text.trim().replaceAll("\\s+", " ");
        if (normalized.split(" ").length != 5) {
            throw new IllegalArgumentException("cron expression '" + normalized
                    + "' must have 5 fields: minute hour day-of-month month day-of-week, e.g. \"15 2 * * *\"");
        }
        try {
            Cron cron = PARSER.parse(normalized).validate();
            return new CronExpression(normalized, cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + normalized + "': " + e.getMessage());
        }
    }

    public String text() {
        return text;
    }

    /** "at 02:15" style English description. */
    public String describe() {
        return CronDescriptor.instance(Locale.UK).describe(cron);
    }

    /** The first run strictly after {@code after}, in the given zone. */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** The latest run at or before {@code atOrBefore}, in the given zone. */
    public Optional<Instant> lastAtOrBefore(Instant atOrBefore, ZoneId zone) {
        ZonedDateTime t = ZonedDateTime.ofInstant(atOrBefore, zone);
        if (executionTime.isMatch(t.withSecond(0).withNano(0)) ) {
            return Optional.of(t.withSecond(0).withNano(0).toInstant());
        }
        return executionTime.lastExecution(t).map(ZonedDateTime::toInstant);
    }

    public List<Instant> nextRuns(Instant after, ZoneId zone, int count) {
        List<Instant> runs = new ArrayList<>();
        Instant t = after;
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = nextAfter(t, zone);
            if (next.isEmpty()) {
                break;
            }
            runs.add(next.get());
            t = next.get();
        }
        return runs;
    }

    @Override
    public String toString() {
        return text;
    }
}
