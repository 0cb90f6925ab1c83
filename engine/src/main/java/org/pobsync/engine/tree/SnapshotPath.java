package org.pobsync.engine.tree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A path inside a snapshot's {@code data/} directory, which mirrors the host's file system:
 * {@code /etc/ssh} is {@code data/etc/ssh}. It is a list of {@link EntryName}s and nothing else:
 * no {@code .} or {@code ..}, no empty name, no NUL, so whatever text it came from it can only
 * name something inside {@code data/}. Its text form is the names' escaped forms joined by
 * {@code /}, with a leading {@code /}; {@link #parse} accepts that with or without the slashes
 * around it (so {@code etc/ssh}, {@code /etc/ssh/} and {@code /etc/ssh} are one path).
 */
public final class SnapshotPath implements Comparable<SnapshotPath> {

    public static final SnapshotPath ROOT = new SnapshotPath(List.of());

    /** Longer text is refused before it is parsed. */
    public static final int MAX_TEXT = 32 * 1024;

    private final List<EntryName> names;

    private SnapshotPath(List<EntryName> names) {
        this.names = names;
    }

    public static SnapshotPath of(List<EntryName> names) {
        return names.isEmpty() ? ROOT : new SnapshotPath(List.copyOf(names));
    }

    /**
     * The path the text names; IllegalArgumentException (worded for an operator) for {@code ..},
     * {@code .}, a bad escape, or text longer than {@link #MAX_TEXT}. Null or blank is the root.
     */
    public static SnapshotPath parse(String text) {
        if (text == null || text.isEmpty()) {
            return ROOT;
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("path too long (more than " + MAX_TEXT + " characters)");
        }
        List<EntryName> names = new ArrayList<>();
        for (String segment : text.split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("'" + segment + "' is not allowed in a path inside a snapshot");
            }
            names.add(EntryName.parse(segment));
        }
        return of(names);
    }

    public List<EntryName> names() {
        return Collections.unmodifiableList(names);
    }

    public boolean isRoot() {
        return names.isEmpty();
    }

    public int depth() {
        return names.size();
    }

    /** The last name; null for the root. */
    public EntryName fileName() {
        return names.isEmpty() ? null : names.get(names.size() - 1);
    }

    /** The parent; the root for a top-level name; null for the root. */
    public SnapshotPath parent() {
        return names.isEmpty() ? null : of(names.subList(0, names.size() - 1));
    }

    public SnapshotPath resolve(EntryName name) {
        List<EntryName> longer = new ArrayList<>(names.size() + 1);
        longer.addAll(names);
        longer.add(name);
        return new SnapshotPath(List.copyOf(longer));
    }

    /** Whether this path is {@code other} or lies below it. */
    public boolean startsWith(SnapshotPath other) {
        return other.names.size() <= names.size() && names.subList(0, other.names.size()).equals(other.names);
    }

    /** This path relative to {@code ancestor} (which it must start with), as names. */
    public List<EntryName> relativeTo(SnapshotPath ancestor) {
        if (!startsWith(ancestor)) {
            throw new IllegalArgumentException(this + " is not inside " + ancestor);
        }
        return names.subList(ancestor.names.size(), names.size());
    }

    /** The escaped text form, {@code /} for the root. */
    public String escaped() {
        if (names.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        for (EntryName name : names) {
            out.append('/').append(name.escaped());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return escaped();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotPath other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public int compareTo(SnapshotPath o) {
        for (int i = 0; i < Math.min(names.size(), o.names.size()); i++) {
            int c = names.get(i).compareTo(o.names.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(names.size(), o.names.size());
    }
}
