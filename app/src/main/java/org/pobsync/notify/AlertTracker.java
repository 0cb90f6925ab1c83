package org.pobsync.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.pobsync.db.Database;
import org.pobsync.status.AlertSettings;
import org.pobsync.status.AlertSettingsRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the conditions into events: one when a condition turns bad or changes, one when it
 * recovers, a reminder every R hours while it stays bad, and the daily digest. The bad
 * conditions are remembered in alert_state; each change is the conditional write of that row
 * and the event it causes, in one transaction, so a change is reported once however many
 * notifiers run and whenever one is killed.
 */
final class AlertTracker {

    static final Logger log = LoggerFactory.getLogger("notifier");
    /** Changes written per transaction. */
    static final int BATCH = 200;
    /** More changes than this in one transaction are logged as one line, not one each. */
    static final int LOGGED = 20;

    /** What one pass did. */
    record Tally(int changed, int recovered, int reminded, boolean digest) {
    }

    private final Database db;
    private final Conditions conditions;
    private final AlertStateRepository states;
    private final AlertSettingsRepository settings;
    private final Outbox outbox;

    AlertTracker(Database db, Conditions conditions, AlertStateRepository states, AlertSettingsRepository settings,
                 Outbox outbox) {
        this.db = db;
        this.conditions = conditions;
        this.states = states;
        this.settings = settings;
        this.outbox = outbox;
    }

    Tally pass(List<Channel> channels, Instant now, ZoneId zone) {
        AlertSettings s = settings.get();
        Conditions.Reading reading = conditions.read(s, now);
        Map<String, Condition> current = new HashMap<>();
        reading.conditions().forEach(c -> current.put(c.key(), c));
        Map<String, AlertStateRepository.Stored> stored = new HashMap<>();
        states.all().forEach(st -> stored.put(st.key(), st));
        List<Change> changes = new ArrayList<>();
        for (Condition c : reading.conditions()) {
            if (!c.bad()) {
                continue;
            }
            AlertStateRepository.Stored st = stored.get(c.key());
            if (st == null) {
                changes.add(new Change(() -> states.insert(c, now), event(EventKind.CHANGE, c, "ok", c.message(), now)));
            } else if (!st.state().equals(c.state())) {
                changes.add(new Change(() -> states.changeState(st, c, now), event(EventKind.CHANGE, c, st.state(),
                        c.message(), now)));
            } else if (s.reminderHours() != null
                    && !st.notifiedAt().plus(Duration.ofHours(s.reminderHours())).isAfter(now)) {
                String message = c.message() + " (since " + Message.since(st.since(), now) + ")";
                changes.add(new Change(() -> states.remind(st, message, now), event(EventKind.REMINDER, c, st.state(),
                        message, now)));
            }
        }
        for (AlertStateRepository.Stored st : stored.values()) {
            Condition c = current.get(st.key());
            if (c != null && c.bad()) {
                continue;
            }
            // A host disabled or removed, a service taken away: forgotten without a message.
            boolean silent = c == null || c.quiet();
            changes.add(new Change(() -> states.delete(st), silent ? null
                    : event(EventKind.RECOVERED, c, st.state(), c.message(), now)));
        }
        int[] counts = new int[EventKind.values().length];
        for (int from = 0; from < changes.size(); from += BATCH) {
            apply(changes.subList(from, Math.min(changes.size(), from + BATCH)), channels, counts);
        }
        boolean digest = s.digestHour() != null && digest(s, reading, channels, now, zone);
        return new Tally(counts[EventKind.CHANGE.ordinal()], counts[EventKind.RECOVERED.ordinal()],
                counts[EventKind.REMINDER.ordinal()], digest);
    }

    /** A conditional write of alert_state and the event it reports when it wins (null: none). */
    private record Change(BooleanSupplier write, NotificationEvent event) {
    }

    /**
     * Changes in one transaction: each event is stored exactly when its state write won, and a
     * storm of 1,000 changes costs a handful of commits, not 1,000.
     */
    private void apply(List<Change> batch, List<Channel> channels, int[] counts) {
        List<NotificationEvent> reported = db.tx().execute(tx -> {
            List<NotificationEvent> won = new ArrayList<>();
            for (Change c : batch) {
                if (c.write().getAsBoolean() && c.event() != null) {
                    outbox.publish(c.event(), channels);
                    won.add(c.event());
                }
            }
            return won;
        });
        for (NotificationEvent e : reported) {
            counts[e.kind().ordinal()]++;
            if (reported.size() <= LOGGED) {
                log.info("{}: {}", e.title(), e.message());
            }
        }
        if (reported.size() > LOGGED) {
            log.info("{} alert changes at once (a storm): {} ...", reported.size(), reported.get(0).title());
        }
    }

    /** The day's digest, once, at or after the digest hour (a notifier that was down sends it late). */
    private boolean digest(AlertSettings s, Conditions.Reading reading, List<Channel> channels, Instant now,
                           ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant due = today.atTime(s.digestHour(), 0).atZone(zone).toInstant();
        if (now.isBefore(due) || (s.lastDigestAt() != null && !s.lastDigestAt().isBefore(due))) {
            return false;
        }
        NotificationEvent e = new NotificationEvent(0, EventKind.DIGEST, AlertKind.DIGEST, "all hosts", null, null,
                null, Digest.text(reading, states.all(), now), now);
        int[] counts = new int[EventKind.values().length];
        apply(List.of(new Change(() -> settings.markDigest(s.lastDigestAt(), now), e)), channels, counts);
        return counts[EventKind.DIGEST.ordinal()] == 1;
    }

    private static NotificationEvent event(EventKind kind, Condition c, String previous, String message, Instant now) {
        return new NotificationEvent(0, kind, c.kind(), c.subject(), c.hostName(), c.state(), previous, message, now);
    }
}
