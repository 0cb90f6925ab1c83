package org.pobsync.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts an event into the outbox with one delivery per channel that takes it. Called inside the
 * transaction that records the change the event reports, so an event is stored exactly when
 * its change is (SPEC section 14).
 */
final class Outbox {

    private final OutboxRepository rows;

    Outbox(OutboxRepository rows) {
        this.rows = rows;
    }

    /** Returns the event's id; an event no channel takes is still stored (the log shows it). */
    long publish(NotificationEvent e, List<Channel> channels) {
        List<OutboxRepository.Target> targets = new ArrayList<>();
        AlertKind filter = e.alertKind();
        for (Channel c : channels) {
            if (filter != null && c.accepts(e.hostName(), filter)) {
                targets.add(new OutboxRepository.Target(c.id(), c.target()));
            }
        }
        return rows.insert(e, targets);
    }

    /** A ping of one host's run, to the host's ping URL. */
    long publishPing(NotificationEvent e, long hostId) {
        return rows.insert(e, List.of(new OutboxRepository.Target(null, pingTarget(hostId))));
    }

    static String pingTarget(long hostId) {
        return "ping:" + hostId;
    }
}
