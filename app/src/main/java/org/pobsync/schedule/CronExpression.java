package org.pobsync.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A validated 5-field cron expression (minute hour day-of-month month day-of-week) and the
 * instants its slots fire at.
 *
 * <p>A slot is a wall-clock time (a local date-time in the schedule's zone) that matches the
 * expression, and each slot fires exactly once:
 * <ul>
 *   <li>at the first instant the wall clock shows it — in the autumn, when an hour repeats, the
 *       repeated slots do not fire a second time (a daily 02:30 runs once, not twice);</li>
 *   <li>when the clock skips it (spring forward), at the moment of the jump — a daily 02:30 in
 *       Europe/Berlin on the last Sunday of March runs at 03:00 CEST, it is not skipped.</li>
 * </ul>
 * cron-utils 9.2.1 alone skips the spring-forward slot and fires hourly slots twice in the
 * repeated hour ({@code CronExpressionTest} pins both), so it is only asked calendar questions
 * in a zone without daylight saving (UTC, standing in for the wall clock); this class maps wall
 * times to instants with the zone's rules.
 */
public final class CronExpression {

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Any expression has a slot within a few years (Feb 29 needs up to 8); far beyond any search. */
    private static final int MAX_STEPS = 10_000;

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

    /** The first firing strictly after {@code after}; empty when the expression never matches (e.g. 30 February). */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        ZonedDateTime wall = LocalDateTime.ofInstant(after, zone).atZone(ZoneOffset.UTC);
        for (int i = 0; i < MAX_STEPS; i++) {
            Optional<ZonedDateTime> next = executionTime.nextExecution(wall);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            wall = next.get();
            Instant fires = firingInstant(wall.toLocalDateTime(), zone);
            // In a repeated hour the wall clock runs behind slots that already fired: skip those.
            if (fires.isAfter(after)) {
                return Optional.of(fires);
            }
        }
        return Optional.empty();
    }

    /** The latest firing at or before {@code atOrBefore}; empty when there is none. */
    public Optional<Instant> lastAtOrBefore(Instant atOrBefore, ZoneId zone) {
        // Start just after the latest wall time that may already have fired: in a repeated hour
        // that is the wall time under the offset before the clocks went back. Walk back past
        // slots that fire after atOrBefore (firing instants never decrease with wall time).
        LocalDateTime now = LocalDateTime.ofInstant(atOrBefore, zone);
        LocalDateTime before = LocalDateTime.ofInstant(atOrBefore,
                zone.getRules().getOffset(atOrBefore.minus(java.time.Duration.ofHours(3))));
        ZonedDateTime wall = (before.isAfter(now) ? before : now).withSecond(0).withNano(0).plusMinutes(1)
                .atZone(ZoneOffset.UTC);
        for (int i = 0; i < MAX_STEPS; i++) {
            Optional<ZonedDateTime> previous = executionTime.lastExecution(wall);
            if (previous.isEmpty()) {
                return Optional.empty();
            }
            wall = previous.get();
            Instant fires = firingInstant(wall.toLocalDateTime(), zone);
            if (!fires.isAfter(atOrBefore)) {
                return Optional.of(fires);
            }
        }
        return Optional.empty();
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

    /**
     * When a wall-clock slot fires in the zone: its first occurrence, or, when the clock skips it,
     * the instant of the jump.
     */
    static Instant firingInstant(LocalDateTime slot, ZoneId zone) {
        var rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(slot);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(slot);
            return gap.getInstant();
        }
        // One offset normally; two in a repeated hour, the earlier of which comes first in time.
        return slot.toInstant(offsets.get(0));
    }

    @Override
    public String toString() {
        return text;
    }
}
