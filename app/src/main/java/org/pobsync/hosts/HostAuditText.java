package org.pobsync.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;

/**
 * The audit log's words for a host's configuration: a new host with every field, a change with
 * each changed field as {@code key: before → after}. Lists are shown whole while short, and as
 * what was added and removed once that is shorter to read.
 */
final class HostAuditText {

    /** Longer than this, a list change is shown as added/removed items. */
    private static final int WHOLE_LIST_CHARS = 200;
    private static final int ITEMS_SHOWN = 20;
    private static final int NOTES_CHARS = 60;

    private HostAuditText() {
    }

    /** Every field of a new host but its name (the event's target). */
    static String created(HostSpec spec) {
        StringJoiner out = new StringJoiner("; ");
        for (HostField f : HostField.values()) {
            if (f != HostField.NAME) {
                out.add(f.key() + ": " + show(f, f.value(spec)));
            }
        }
        return out.toString();
    }

    /** Each changed field, {@code key: before → after}; "no changes" when nothing changed. */
    static String changes(HostSpec before, HostSpec after) {
        StringJoiner out = new StringJoiner("; ");
        out.setEmptyValue("no changes");
        for (HostField f : HostField.changed(before, after)) {
            Object was = f.value(before);
            Object is = f.value(after);
            if (is instanceof List<?> now && was instanceof List<?> then && !shortEnough(then, now)) {
                out.add(f.key() + ": " + listDiff(strings(then), strings(now)));
            } else {
                out.add(f.key() + ": " + show(f, was) + " → " + show(f, is));
            }
        }
        return out.toString();
    }

    private static String show(HostField f, Object value) {
        if (value == null) {
            return f.unset();
        }
        if (value instanceof List<?> list) {
            return list(strings(list));
        }
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (value instanceof Transport t) {
            return t.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof RetentionSettings r) {
            return r.describe();
        }
        if (f == HostField.NOTES) {
            String line = value.toString().replaceAll("\\s+", " ").strip();
            return "\"" + (line.length() > NOTES_CHARS ? line.substring(0, NOTES_CHARS) + "…" : line) + "\"";
        }
        return value.toString();
    }

    private static boolean shortEnough(List<?> before, List<?> after) {
        return list(strings(before)).length() + list(strings(after)).length() <= WHOLE_LIST_CHARS;
    }

    private static String listDiff(List<String> before, List<String> after) {
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        if (added.isEmpty() && removed.isEmpty()) {
            return "the same " + after.size() + " items in a new order";
        }
        StringJoiner out = new StringJoiner("; ");
        if (!added.isEmpty()) {
            out.add("added " + list(added));
        }
        if (!removed.isEmpty()) {
            out.add("removed " + list(removed));
        }
        return out + " (now " + after.size() + ")";
    }

    /** {@code [a, b, "with space"]}, at most {@link #ITEMS_SHOWN} items and how many more. */
    private static String list(List<String> items) {
        StringJoiner out = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < Math.min(items.size(), ITEMS_SHOWN); i++) {
            String item = items.get(i);
            out.add(item.matches(".*[\\s,\\[\\]\"].*") ? "\"" + item.replace("\"", "\\\"") + "\"" : item);
        }
        if (items.size() > ITEMS_SHOWN) {
            out.add("… " + (items.size() - ITEMS_SHOWN) + " more");
        }
        return out.toString();
    }

    private static List<String> strings(List<?> list) {
        return list.stream().map(String::valueOf).toList();
    }
}
