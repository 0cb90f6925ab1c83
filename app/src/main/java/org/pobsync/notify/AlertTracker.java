package org.pobsync.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        int changed = 0;
        int recovered = 0;
        int reminded = 0;
        for (Condition c : reading.conditions()) {
            if (!c.bad()) {
                continue;
            }
            AlertStateRepository.Stored st = stored.get(c.key());
            if (st == null) {
                changed += tx(() -> states.insert(c, now), event(EventKind.CHANGE, c, "ok", c.message(), now), channels);
            } else if (!st.state().equals(c.state())) {
                changed += tx(() -> states.changeState(st, c, now), event(EventKind.CHANGE, c, st.state(), c.message(),
                        now), channels);
            } else if (s.reminderHours() != null
                    && !st.notifiedAt().plus(Duration.ofHours(s.reminderHours())).isAfter(now)) {
                String message = c.message() + " (since " + Message.since(st.since(), now) + ")";
                reminded += tx(() -> states.remind(st, message, now), event(EventKind.REMINDER, c, st.state(), message,
                        now), channels);
            }
        }
        for (AlertStateRepository.Stored st : stored.values()) {
            Condition c = current.get(st.key());
            if (c != null && c.bad()) {
                continue;
            }
            if (c == null || c.quiet()) {
                // A host disabled or removed, a service taken away: nothing to report.
                db.tx().executeWithoutResult(tx -> states.delete(st));
            } else {
                recovered += tx(() -> states.delete(st), event(EventKind.RECOVERED, c, st.state(), c.message(), now),
                        channels);
            }
        }
        boolean digest = s.digestHour() != null && digest(s, reading, channels, now, zone);
        return new Tally(changed, recovered, reminded, digest);
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
        return tx(() -> settings.markDigest(s.lastDigestAt(), now), e, channels) == 1;
    }

    private static NotificationEvent event(EventKind kind, Condition c, String previous, String message, Instant now) {
        return new NotificationEvent(0, kind, c.kind(), c.subject(), c.hostName(), c.state(), previous, message, now);
    }

    /** The state write and, when it won, its event: one transaction. 1 when this pass reported it. */
    private int tx(java.util.function.BooleanSupplier write, NotificationEvent e, List<Channel> channels) {
        Boolean done = db.tx().execute(t -> {
            if (!write.getAsBoolean()) {
                return false;
            }
            outbox.publish(e, channels);
            return true;
        });
        if (Boolean.TRUE.equals(done)) {
            log.info("{}: {}", e.title(), e.message());
            return 1;
        }
        return 0;
    }
}
