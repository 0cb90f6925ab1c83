package org.pobsync.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** SQL for notification_channel. */
final class ChannelRepository {

    private static final String COLUMNS = "name, kind, enabled, smtp_host, smtp_port, smtp_security, smtp_user,"
            + " smtp_from, recipients, url, preset, secret_header, timeout_seconds, hosts, conditions";

    private final Database db;

    ChannelRepository(Database db) {
        this.db = db;
    }

    List<Channel> findAll() {
        return db.jdbc().sql("SELECT * FROM notification_channel ORDER BY name").query(ChannelRepository::map).list();
    }

    Optional<Channel> findByName(String name) {
        return db.jdbc().sql("SELECT * FROM notification_channel WHERE name = ?").param(name)
                .query(ChannelRepository::map).optional();
    }

    Optional<Channel> findById(long id) {
        return db.jdbc().sql("SELECT * FROM notification_channel WHERE id = ?").param(id)
                .query(ChannelRepository::map).optional();
    }

    long insert(Channel c) {
        KeyHolder keys = new GeneratedKeyHolder();
        db.jdbc().sql("INSERT INTO notification_channel (" + COLUMNS + ", created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(values(c, Rows.millis(c.createdAt()), Rows.millis(c.updatedAt())))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void update(Channel c) {
        db.jdbc().sql("UPDATE notification_channel SET name = ?, kind = ?, enabled = ?, smtp_host = ?, smtp_port = ?,"
                        + " smtp_security = ?, smtp_user = ?, smtp_from = ?, recipients = ?, url = ?, preset = ?,"
                        + " secret_header = ?, timeout_seconds = ?, hosts = ?, conditions = ?, updated_at = ?"
                        + " WHERE id = ?")
                .params(values(c, Rows.millis(c.updatedAt()), c.id()))
                .update();
    }

    void delete(long id) {
        db.jdbc().sql("DELETE FROM notification_channel WHERE id = ?").param(id).update();
    }

    /**
     * Takes the channel's send slot: at most one message per {@code minGap}, across every
     * notifier. True when this caller may send now (and has moved the slot on).
     */
    boolean takeSendSlot(long id, Instant now, java.time.Duration minGap) {
        return db.jdbc().sql("UPDATE notification_channel SET last_sent_at = ? WHERE id = ?"
                        + " AND (last_sent_at IS NULL OR last_sent_at <= ?)")
                .params(now.toEpochMilli(), id, now.minus(minGap).toEpochMilli()).update() == 1;
    }

    private static Object[] values(Channel c, Object... tail) {
        Object[] head = {c.name(), c.kind().dbValue(), c.enabled(), c.smtpHost(), c.smtpPort(),
                c.smtpSecurity() == null ? null : c.smtpSecurity().dbValue(), c.smtpUser(), c.smtpFrom(),
                Rows.json(c.recipients()), c.url(), c.preset() == null ? null : c.preset().dbValue(), c.secretHeader(),
                c.timeoutSeconds(), Rows.json(c.hosts()),
                Rows.json(c.conditions().stream().map(AlertKind::dbValue).toList())};
        Object[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    static Channel map(ResultSet rs, int n) throws SQLException {
        String security = rs.getString("smtp_security");
        String preset = rs.getString("preset");
        return new Channel(rs.getLong("id"), rs.getString("name"),
                Channel.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)), rs.getBoolean("enabled"),
                rs.getString("smtp_host"), Rows.integer(rs, "smtp_port"),
                security == null ? null : Channel.Security.valueOf(security.toUpperCase(java.util.Locale.ROOT)),
                rs.getString("smtp_user"), rs.getString("smtp_from"), Rows.list(rs, "recipients"), rs.getString("url"),
                preset == null ? null : Channel.Preset.valueOf(preset.toUpperCase(java.util.Locale.ROOT)),
                rs.getString("secret_header"), rs.getInt("timeout_seconds"), Rows.list(rs, "hosts"),
                Rows.list(rs, "conditions").stream().map(AlertKind::parse).toList(), Rows.instant(rs, "last_sent_at"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
