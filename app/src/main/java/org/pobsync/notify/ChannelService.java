package org.pobsync.notify;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import org.pobsync.audit.AuditLog;
import org.pobsync.db.Database;
import org.pobsync.hosts.HostService;
import org.pobsync.liveness.ProcessIdentity;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.NotFoundException;

/**
 * Notification channels: add, change, remove, list. Secrets go to the {@link SecretStore} and
 * are never returned, logged or audited; what the panel and the CLI may show of them is whether
 * they are set.
 */
public final class ChannelService {

    private final Database db;
    private final ChannelRepository channels;
    private final SecretStore secrets;
    private final HostService hosts;
    private final AuditLog audit;
    private final Clock clock;

    public ChannelService(Database db, SecretStore secrets, HostService hosts, AuditLog audit, Clock clock) {
        this.db = db;
        this.channels = new ChannelRepository(db);
        this.secrets = secrets;
        this.hosts = hosts;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Channel> list() {
        return channels.findAll();
    }

    public Channel get(String name) {
        return channels.findByName(name == null ? "" : name.trim())
                .orElseThrow(() -> new NotFoundException("no notification channel named '" + name + "'"));
    }

    java.util.Optional<Channel> byId(long id) {
        return channels.findById(id);
    }

    /** The channel's send slot (one message a {@code gap}, across notifiers); true when this caller has it. */
    boolean takeSendSlot(Channel c, java.time.Instant now, java.time.Duration gap) {
        return channels.takeSendSlot(c.id(), now, gap);
    }

    public boolean hasPassword(Channel c) {
        return secrets.read(SecretStore.smtpPassword(c.id())).isPresent();
    }

    public boolean hasHeaderValue(Channel c) {
        return secrets.read(SecretStore.headerValue(c.id())).isPresent();
    }

    /** For the senders only. */
    String password(Channel c) {
        return secrets.read(SecretStore.smtpPassword(c.id())).orElse(null);
    }

    String headerValue(Channel c) {
        return secrets.read(SecretStore.headerValue(c.id())).orElse(null);
    }

    public Channel create(ChannelSpec spec, String actor) {
        Channel c = ChannelRules.check(spec, null, new HashSet<>(hosts.names()), defaultFrom(), clock.instant());
        long id = db.tx().execute(tx -> {
            if (channels.findByName(c.name()).isPresent()) {
                throw new ConflictException("a notification channel named '" + c.name() + "' already exists");
            }
            long newId = channels.insert(c);
            saveSecrets(newId, spec);
            return newId;
        });
        Channel saved = channels.findById(id).orElseThrow();
        audit.record(actor, "notify.channel.add", saved.name(), describe(saved));
        return saved;
    }

    public Channel update(String name, ChannelSpec spec, String actor) {
        Channel old = get(name);
        Channel c = ChannelRules.check(spec, old, new HashSet<>(hosts.names()), defaultFrom(), clock.instant());
        db.tx().executeWithoutResult(tx -> {
            if (!c.name().equals(old.name()) && channels.findByName(c.name()).isPresent()) {
                throw new ConflictException("a notification channel named '" + c.name() + "' already exists");
            }
            channels.update(c);
            saveSecrets(c.id(), spec);
        });
        Channel saved = channels.findById(c.id()).orElseThrow();
        audit.record(actor, "notify.channel.update", saved.name(), describe(saved));
        return saved;
    }

    public Channel setEnabled(String name, boolean enabled, String actor) {
        Channel c = get(name);
        db.jdbc().sql("UPDATE notification_channel SET enabled = ?, updated_at = ? WHERE id = ?")
                .params(enabled, clock.millis(), c.id()).update();
        audit.record(actor, enabled ? "notify.channel.enable" : "notify.channel.disable", c.name(), null);
        return get(name);
    }

    /** Removes the channel and its secrets; deliveries still waiting for it end as failed. */
    public void remove(String name, String actor) {
        Channel c = get(name);
        db.tx().executeWithoutResult(tx -> {
            channels.delete(c.id());
            db.jdbc().sql("UPDATE notification_delivery SET status = 'failed', last_error = 'the channel was removed'"
                    + " WHERE channel_id = ? AND status IN ('pending', 'sending')").param(c.id()).update();
        });
        secrets.delete(SecretStore.smtpPassword(c.id()));
        secrets.delete(SecretStore.headerValue(c.id()));
        audit.record(actor, "notify.channel.remove", c.name(), describe(c));
    }

    private void saveSecrets(long id, ChannelSpec spec) {
        secret(SecretStore.smtpPassword(id), spec.smtpPassword());
        secret(SecretStore.headerValue(id), spec.headerValue());
    }

    private void secret(String key, String value) {
        if (value == null) {
            return; // keep what is saved
        }
        if (value.isEmpty()) {
            secrets.delete(key);
        } else {
            secrets.write(key, value);
        }
    }

    /** What the audit log says of a channel: never a secret, never a webhook URL's path. */
    private String describe(Channel c) {
        return c.kind().dbValue() + " " + c.destination() + (c.enabled() ? "" : " (disabled)")
                + (c.hosts().isEmpty() ? "" : " hosts=" + String.join(",", c.hosts()))
                + (c.conditions().isEmpty() ? "" : " conditions="
                + String.join(",", c.conditions().stream().map(AlertKind::dbValue).toList()));
    }

    static String defaultFrom() {
        return "pobsync@" + ProcessIdentity.hostname().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    }
}
