package org.pobsync.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pobsync.format.Human;
import org.pobsync.status.AlertSettings;

/**
 * What one send carries: one event, or several that waited for the channel's next slot (a storm
 * of 1,000 hosts failing is one message per channel, not 1,000). {@code retry}: some of it may
 * have been sent before, by a notifier that was stopped between sending and recording it.
 */
public record Message(List<NotificationEvent> events, boolean retry, AlertSettings settings) {

    /** A message lists this many events in words; a storm's others are counted (the webhook's JSON has all). */
    static final int TEXT_EVENTS = 100;

    public Message {
        events = List.copyOf(events);
    }

    public boolean single() {
        return events.size() == 1;
    }

    public NotificationEvent first() {
        return events.get(0);
    }

    /** "[pobsync] web1 is failing", "[pobsync] 12 notifications: 10 failing, 2 recovered". */
    public String subject() {
        String s = single() ? first().title() : events.size() + " notifications: " + summary();
        return "[pobsync] " + s + (retry ? " (retry)" : "");
    }

    /** "10 failing, 2 recovered": what a batch is made of, by the word an operator cares about. */
    public String summary() {
        Map<String, Long> counts = events.stream().collect(Collectors.groupingBy(Message::word,
                LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static String word(NotificationEvent e) {
        return switch (e.kind()) {
            case RECOVERED -> "recovered";
            case REMINDER -> "still " + e.state();
            case CHANGE -> e.state() == null ? "changed" : e.state().replace('_', ' ');
            default -> e.kind().dbValue();
        };
    }

    /** The plain-text body: every event's sentence, with a link where the panel's address is known. */
    public String text() {
        StringBuilder b = new StringBuilder();
        if (retry) {
            b.append("This message is sent again: an earlier attempt may have reached you already.\n\n");
        }
        int shown = 0;
        for (NotificationEvent e : events) {
            if (shown++ == TEXT_EVENTS) {
                b.append("- … and ").append(events.size() - TEXT_EVENTS).append(" more");
                b.append(settings.panelUrl() == null ? "\n" : ": " + settings.link("notifications/") + "\n");
                break;
            }
            if (!single()) {
                b.append("- ").append(e.title()).append('\n').append("  ");
            }
            b.append(e.message().replace("\n", single() ? "\n" : "\n  ")).append('\n');
            if (!single()) {
                b.append("  ").append(Human.utc(e.createdAt())).append('\n');
            }
            String link = link(e);
            if (link != null) {
                b.append(single() ? "\n" : "  ").append(link).append('\n');
            }
        }
        if (single()) {
            b.append("\n").append(Human.utc(first().createdAt())).append('\n');
        }
        b.append("\n-- \npobsync");
        if (settings.panelUrl() != null) {
            b.append(" · notification settings: ").append(settings.link("notifications/"));
        }
        return b.append('\n').toString();
    }

    /** The panel page of what the event is about, or null when the panel's address is not set. */
    public String link(NotificationEvent e) {
        if (e.hostName() != null) {
            return settings.link("hosts/" + e.hostName() + "/");
        }
        return e.kind() == EventKind.TEST ? settings.link("notifications/") : settings.link("");
    }

    /** How long a bad condition has lasted, for reminders ("since 2 d"). */
    static String since(Instant since, Instant now) {
        return Human.duration(Duration.between(since, now));
    }
}
