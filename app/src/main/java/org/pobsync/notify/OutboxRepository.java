package org.pobsync.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pobsync.db.Database;
import org.pobsync.db.InList;
import org.pobsync.db.Rows;
import org.pobsync.liveness.ProcessIdentity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * SQL for the outbox: notification_event and notification_delivery. Every change of a
 * delivery's status is a conditional UPDATE on the status it was read in, so two notifiers
 * never both take one delivery.
 */
final class OutboxRepository {

    /** Where a delivery goes: a channel, or (channelId null) a host's ping URL. */
    record Target(Long channelId, String target) {
    }

    private final Database db;

    OutboxRepository(Database db) {
        this.db = db;
    }

    /** Inserts the event and one pending delivery per target, due now (inside the caller's transaction). */
    long insert(NotificationEvent e, List<Target> targets) {
        KeyHolder keys = new GeneratedKeyHolder();
        db.jdbc().sql("INSERT INTO notification_event (kind, alert_kind, subject, host_name, state, previous_state,"
                        + " message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(e.kind().dbValue(), e.alertKind() == null ? null : e.alertKind().dbValue(), e.subject(),
                        e.hostName(), e.state(), e.previousState(), e.message(), e.createdAt().toEpochMilli())
                .update(keys, "id");
        long id = keys.getKey().longValue();
        if (!targets.isEmpty()) {
            long at = e.createdAt().toEpochMilli();
            new JdbcTemplate(db.dataSource()).batchUpdate("INSERT INTO notification_delivery (event_id, channel_id,"
                            + " target, status, attempts, next_attempt_at, maybe_sent, created_at)"
                            + " VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)",
                    targets.stream().map(t -> new Object[] {id, t.channelId(), t.target(), at, false, at}).toList());
        }
        return id;
    }

    /** An event and its one delivery, already claimed by this process (a test send, sent at once). */
    long insertClaimed(NotificationEvent e, Channel c, Instant now) {
        long eventId = insert(e, List.of());
        KeyHolder keys = new GeneratedKeyHolder();
        db.jdbc().sql("INSERT INTO notification_delivery (event_id, channel_id, target, status, attempts, next_attempt_at,"
                        + " claimed_at, worker_id, worker_host, worker_pid, worker_instance, maybe_sent, created_at)"
                        + " VALUES (?, ?, ?, 'sending', 1, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(eventId, c.id(), c.target(), now.toEpochMilli(), now.toEpochMilli(), ProcessIdentity.id("test"),
                        ProcessIdentity.hostname(), ProcessIdentity.pid(), ProcessIdentity.instance(), false,
                        now.toEpochMilli())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    List<LogEntry> log(int limit, int offset) {
        return db.jdbc().sql("SELECT d.*, e.kind, e.alert_kind, e.subject, e.host_name, e.state, e.previous_state,"
                        + " e.message, e.created_at AS event_at, c.name AS channel_name FROM notification_delivery d"
                        + " JOIN notification_event e ON e.id = d.event_id"
                        + " LEFT JOIN notification_channel c ON c.id = d.channel_id ORDER BY d.id DESC LIMIT ? OFFSET ?")
                .params(limit, offset)
                .query((rs, n) -> {
                    String alert = rs.getString("alert_kind");
                    NotificationEvent e = new NotificationEvent(rs.getLong("event_id"),
                            EventKind.parse(rs.getString("kind")), alert == null ? null : AlertKind.parse(alert),
                            rs.getString("subject"), rs.getString("host_name"), rs.getString("state"),
                            rs.getString("previous_state"), rs.getString("message"), Rows.instant(rs, "event_at"));
                    return new LogEntry(map(rs, n), e, rs.getString("channel_name"));
                }).list();
    }

    long count() {
        return db.jdbc().sql("SELECT COUNT(*) FROM notification_delivery").query(Long.class).single();
    }

    /** Deliveries per status (the metrics and the notifications page). */
    java.util.Map<String, Long> countByStatus() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (Delivery.Status s : Delivery.Status.values()) {
            out.put(s.dbValue(), 0L);
        }
        db.jdbc().sql("SELECT status, COUNT(*) AS n FROM notification_delivery GROUP BY status")
                .query((rs, n) -> out.put(rs.getString("status"), rs.getLong("n"))).list();
        return out;
    }

    /** Forgets what was sent or given up on before {@code cutoff}; returns how many deliveries. */
    int purge(Instant cutoff) {
        int deliveries = db.jdbc().sql("DELETE FROM notification_delivery WHERE status IN ('sent', 'failed')"
                + " AND created_at < ?").param(cutoff.toEpochMilli()).update();
        db.jdbc().sql("DELETE FROM notification_event WHERE created_at < ? AND NOT EXISTS"
                + " (SELECT 1 FROM notification_delivery d WHERE d.event_id = notification_event.id)")
                .param(cutoff.toEpochMilli()).update();
        return deliveries;
    }

    /** Targets with a delivery due now, oldest first. */
    List<String> dueTargets(Instant now, int limit) {
        return db.jdbc().sql("SELECT target FROM notification_delivery WHERE status = 'pending' AND next_attempt_at <= ?"
                        + " GROUP BY target ORDER BY MIN(id) LIMIT ?")
                .params(now.toEpochMilli(), limit).query(String.class).list();
    }

    /**
     * The target's due deliveries, oldest first. None while part of the target is being sent,
     * and none after an older one that waits for its retry: a target's messages keep their order
     * (a ping's /start before its /fail), and what queued behind a failure goes with its retry.
     */
    List<Delivery> due(String target, Instant now, int limit) {
        return db.jdbc().sql("SELECT * FROM notification_delivery d WHERE d.target = ? AND d.status = 'pending'"
                        + " AND d.next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM notification_delivery s"
                        + "   WHERE s.target = d.target AND (s.status = 'sending'"
                        + "     OR (s.status = 'pending' AND s.id < d.id AND s.next_attempt_at > ?))) ORDER BY d.id LIMIT ?")
                .params(target, now.toEpochMilli(), now.toEpochMilli(), limit).query(OutboxRepository::map).list();
    }

    /**
     * pending -> sending for this process; the ids this caller got (another notifier may have
     * taken some). One UPDATE per 500, then the rows stamped with this claim are read back: a
     * claim is this process instance at this millisecond, and a notifier claims one batch at a time.
     */
    List<Long> claim(List<Delivery> due, Instant now) {
        List<Long> ids = due.stream().map(Delivery::id).toList();
        List<Long> claimed = new ArrayList<>();
        for (List<Long> chunk : InList.chunks(ids)) {
            String in = InList.marks(chunk.size());
            db.jdbc().sql("UPDATE notification_delivery SET status = 'sending', attempts = attempts + 1,"
                            + " claimed_at = ?, worker_id = ?, worker_host = ?, worker_pid = ?, worker_instance = ?"
                            + " WHERE status = 'pending' AND id IN (" + in + ")")
                    .params(concat(new Object[] {now.toEpochMilli(), ProcessIdentity.id("notifier"),
                            ProcessIdentity.hostname(), ProcessIdentity.pid(), ProcessIdentity.instance()}, chunk))
                    .update();
            claimed.addAll(db.jdbc().sql("SELECT id FROM notification_delivery WHERE status = 'sending'"
                            + " AND claimed_at = ? AND worker_instance = ? AND id IN (" + in + ") ORDER BY id")
                    .params(concat(new Object[] {now.toEpochMilli(), ProcessIdentity.instance()}, chunk))
                    .query(Long.class).list());
        }
        return claimed;
    }

    void markSent(List<Long> ids, Instant now) {
        for (List<Long> chunk : InList.chunks(ids)) {
            db.jdbc().sql("UPDATE notification_delivery SET status = 'sent', sent_at = ?, last_error = NULL"
                            + " WHERE status = 'sending' AND id IN (" + InList.marks(chunk.size()) + ")")
                    .params(concat(new Object[] {now.toEpochMilli()}, chunk)).update();
        }
    }

    /**
     * A failed send: pending again from {@code retryAt}, or failed for good when it is null.
     * {@code maybeSent}: the receiver may have had it anyway (a timeout), so a retry says so.
     */
    void markFailed(List<Long> ids, String error, Instant retryAt, boolean maybeSent) {
        for (List<Long> chunk : InList.chunks(ids)) {
            db.jdbc().sql("UPDATE notification_delivery SET status = ?, next_attempt_at = COALESCE(?, next_attempt_at),"
                            + " last_error = ?, maybe_sent = (maybe_sent OR ?) WHERE status = 'sending'"
                            + " AND id IN (" + InList.marks(chunk.size()) + ")")
                    .params(concat(new Object[] {retryAt == null ? "failed" : "pending", Rows.millis(retryAt), error,
                            maybeSent}, chunk))
                    .update();
        }
    }

    void markFailed(List<Long> ids, String error, Instant retryAt) {
        markFailed(ids, error, retryAt, false);
    }

    /**
     * Gives a delivery whose notifier is gone back to the queue: its attempt stays counted, and it
     * may have gone out before the notifier died, so its next send is a retry.
     */
    boolean release(Delivery d, String why) {
        return db.jdbc().sql("UPDATE notification_delivery SET status = 'pending', last_error = ?, maybe_sent = ?"
                        + " WHERE id = ? AND status = 'sending' AND claimed_at = ?")
                .params(why, true, d.id(), Rows.millis(d.claimedAt())).update() == 1;
    }

    List<Delivery> sending() {
        return db.jdbc().sql("SELECT * FROM notification_delivery WHERE status = 'sending' ORDER BY id")
                .query(OutboxRepository::map).list();
    }

    List<NotificationEvent> events(List<Long> ids) {
        List<NotificationEvent> out = new ArrayList<>();
        for (List<Long> chunk : InList.chunks(ids)) {
            out.addAll(db.jdbc().sql("SELECT * FROM notification_event WHERE id IN (" + InList.marks(chunk.size())
                            + ") ORDER BY id").params(chunk.toArray()).query(OutboxRepository::mapEvent).list());
        }
        return out;
    }

    private static Object[] concat(Object[] head, List<Long> tail) {
        Object[] all = java.util.Arrays.copyOf(head, head.length + tail.size());
        for (int i = 0; i < tail.size(); i++) {
            all[head.length + i] = tail.get(i);
        }
        return all;
    }

    Delivery get(long id) {
        return db.jdbc().sql("SELECT * FROM notification_delivery WHERE id = ?").param(id)
                .query(OutboxRepository::map).single();
    }

    static Delivery map(ResultSet rs, int n) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getLong("event_id"), Rows.longValue(rs, "channel_id"),
                rs.getString("target"), Delivery.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getInt("attempts"), Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "claimed_at"),
                rs.getString("worker_host"), Rows.longValue(rs, "worker_pid"), rs.getString("worker_instance"),
                Rows.instant(rs, "sent_at"), rs.getString("last_error"), rs.getBoolean("maybe_sent"),
                Rows.instant(rs, "created_at"));
    }

    static NotificationEvent mapEvent(ResultSet rs, int n) throws SQLException {
        String alert = rs.getString("alert_kind");
        return new NotificationEvent(rs.getLong("id"), EventKind.parse(rs.getString("kind")),
                alert == null ? null : AlertKind.parse(alert), rs.getString("subject"), rs.getString("host_name"),
                rs.getString("state"), rs.getString("previous_state"), rs.getString("message"),
                Rows.instant(rs, "created_at"));
    }
}
