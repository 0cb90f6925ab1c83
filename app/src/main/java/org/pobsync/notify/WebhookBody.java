package org.pobsync.notify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.pobsync.format.Json;

/**
 * The bodies of webhook requests (docs/notifications.md documents them): pobsync's generic JSON,
 * ntfy's plain text with title, priority and tags headers, and the {@code {"text": ...}} of
 * Slack- and Mattermost-compatible incoming webhooks.
 */
final class WebhookBody {

    /**
     * The generic body. For one event its fields describe it; for a batch {@code event} is
     * "batch" and the event fields are null; {@code events} always lists every event.
     */
    record Generic(String event, String condition, String host, String subject, String state, String previousState,
                   String message, Instant time, String url, boolean retry, int count, List<Item> events) {
    }

    record Item(long id, String event, String condition, String host, String subject, String state,
                String previousState, String title, String message, Instant time, String url) {
    }

    record SlackText(String text) {
    }

    /** ntfy's limit for a message body (bytes), less room for the note that it was cut. */
    private static final int NTFY_MAX = 4000;

    private WebhookBody() {
    }

    static byte[] generic(Message m, Instant now) {
        List<Item> items = m.events().stream().map(e -> new Item(e.id(), e.kind().dbValue(),
                e.alertKind() == null ? null : e.alertKind().dbValue(), e.hostName(), e.subject(), e.state(),
                e.previousState(), e.title(), e.message(), e.createdAt(), m.link(e))).toList();
        Generic body;
        if (m.single()) {
            Item e = items.get(0);
            body = new Generic(e.event(), e.condition(), e.host(), e.subject(), e.state(), e.previousState(),
                    e.message(), e.time(), e.url(), m.retry(), 1, items);
        } else {
            body = new Generic("batch", null, null, null, null, null, m.subject().substring("[pobsync] ".length()),
                    now, m.settings().link(""), m.retry(), items.size(), items);
        }
        return Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] slack(Message m) {
        StringBuilder b = new StringBuilder();
        if (m.retry()) {
            b.append("(retry) ");
        }
        b.append('*').append(escape(m.subject().substring("[pobsync] ".length()))).append("*\n");
        int shown = 0;
        for (NotificationEvent e : m.events()) {
            if (shown++ == 20) {
                b.append("… and ").append(m.events().size() - 20).append(" more\n");
                break;
            }
            String link = m.link(e);
            b.append(m.single() ? "" : "• ").append(escape(m.single() ? e.message() : e.title() + ": " + e.message()));
            if (link != null) {
                b.append(" <").append(link).append("|open>");
            }
            b.append('\n');
        }
        return Json.MAPPER.writeValueAsString(new SlackText(b.toString().strip())).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * ntfy's message is the body; title, priority and tags travel in headers. ntfy turns a body
     * over 4,096 bytes into an attachment, so a storm's text is cut to fit.
     */
    static byte[] ntfy(Message m) {
        String text = m.text();
        int sig = text.lastIndexOf("\n-- \n");
        text = (sig > 0 ? text.substring(0, sig) : text).strip();
        if (text.getBytes(StandardCharsets.UTF_8).length > NTFY_MAX) {
            text = text.substring(0, Math.min(text.length(), NTFY_MAX / 4)) + "\n… (" + m.events().size()
                    + " notifications; see the panel)";
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }


    static String ntfyTitle(Message m) {
        return ascii(m.subject().substring("[pobsync] ".length()));
    }

    static String ntfyPriority(Message m) {
        return m.events().stream().anyMatch(NotificationEvent::bad) ? "high" : "default";
    }

    static String ntfyTags(Message m) {
        boolean bad = m.events().stream().anyMatch(NotificationEvent::bad);
        return (bad ? "warning" : "white_check_mark") + (m.retry() ? ",repeat" : "");
    }

    /** Header values are ASCII; host names are, other text is folded. */
    private static String ascii(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Slack's mrkdwn treats &, < and > specially. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
