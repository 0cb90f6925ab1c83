package org.pobsync.notify;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.pobsync.validation.HttpUrl;

/**
 * Where notifications go: an e-mail (SMTP) or a webhook channel, optionally limited to some
 * hosts and some conditions. Its secrets (the SMTP password, the webhook's secret header value)
 * are not part of it: {@link SecretStore} keeps them.
 */
public record Channel(long id, String name, Kind kind, boolean enabled, String smtpHost, Integer smtpPort,
                      Security smtpSecurity, String smtpUser, String smtpFrom, List<String> recipients, String url,
                      Preset preset, String secretHeader, int timeoutSeconds, List<String> hosts,
                      List<AlertKind> conditions, Instant lastSentAt, Instant createdAt, Instant updatedAt) {

    public enum Kind {
        EMAIL, WEBHOOK;

        public String dbValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the SMTP connection is protected: STARTTLS (port 587), implicit TLS (465), or none (25). */
    public enum Security {
        STARTTLS, TLS, NONE;

        public String dbValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        public int defaultPort() {
            return switch (this) {
                case STARTTLS -> 587;
                case TLS -> 465;
                case NONE -> 25;
            };
        }
    }

    /** How a webhook's body is shaped: pobsync's JSON, an ntfy message, or a Slack/Mattermost text. */
    public enum Preset {
        GENERIC, NTFY, SLACK;

        public String dbValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Channel {
        recipients = List.copyOf(recipients);
        hosts = List.copyOf(hosts);
        conditions = List.copyOf(conditions);
    }

    /** Whether an event about {@code host} (null: not about one host) and {@code kind} goes here. */
    public boolean accepts(String host, AlertKind kind) {
        return enabled && (conditions.isEmpty() || conditions.contains(kind))
                && (host == null || hosts.isEmpty() || hosts.contains(host));
    }

    /** The outbox's target of this channel: its deliveries are sent in order and together. */
    public String target() {
        return "channel:" + id;
    }

    /** Where it sends, safe to show and log: the recipients, or the webhook's scheme and host. */
    public String destination() {
        return kind == Kind.EMAIL ? String.join(", ", recipients)
                : preset.dbValue() + " " + HttpUrl.redacted(url);
    }
}
