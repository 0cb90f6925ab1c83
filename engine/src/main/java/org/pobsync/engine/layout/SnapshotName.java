package org.pobsync.engine.layout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A snapshot's name: its UTC start time as {@code YYYYMMDDTHHMMSSZ}. Names sort in time order as
 * plain strings, which is why the format has fixed width and no separators.
 */
public record SnapshotName(String value, Instant time) implements Comparable<SnapshotName> {

    private static final Pattern SHAPE = Pattern.compile("^\\d{8}T\\d{6}Z$");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public static SnapshotName of(Instant time) {
        Instant second = time.truncatedTo(ChronoUnit.SECONDS);
        return new SnapshotName(FORMAT.format(second), second);
    }

    /** The name of a directory entry, or empty when it is not a snapshot name. */
    public static Optional<SnapshotName> parse(String value) {
        if (value == null || !SHAPE.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SnapshotName(value, FORMAT.parse(value, Instant::from)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public SnapshotName plusSeconds(long seconds) {
        return of(time.plusSeconds(seconds));
    }

    @Override
    public int compareTo(SnapshotName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
