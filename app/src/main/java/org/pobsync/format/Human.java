package org.pobsync.format;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Sizes, durations and ages the way operators read them (KiB/MiB/GiB, "3 h ago"). */
public final class Human {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    private Human() {
    }

    public static String bytes(Long bytes) {
        if (bytes == null) {
            return "–";
        }
        double v = bytes;
        int unit = 0;
        while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, UNITS[unit]);
    }

    public static String rate(Long bytesPerSecond) {
        return bytesPerSecond == null ? "–" : bytes(bytesPerSecond) + "/s";
    }

    /** "4 s", "3 min 12 s", "2 h 05 min", "3 d 4 h". */
    public static String duration(Duration d) {
        if (d == null) {
            return "–";
        }
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86400) {
            return (s / 3600) + " h " + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + " min";
        }
        return (s / 86400) + " d " + ((s % 86400) / 3600) + " h";
    }

    /** "just now", "5 min ago", "3 h ago", "2 d ago", "in 4 h". */
    public static String age(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        long s = Duration.between(then, now).toSeconds();
        boolean future = s < 0;
        s = Math.abs(s);
        String amount;
        if (s < 45) {
            return future ? "in a moment" : "just now";
        } else if (s < 3600) {
            amount = Math.max(1, s / 60) + " min";
        } else if (s < 86400 * 2) {
            amount = (s / 3600) + " h";
        } else {
            amount = (s / 86400) + " d";
        }
        return future ? "in " + amount : amount + " ago";
    }

    /**
     * The one way a time is written for people: "2026-11-24 02:15:00 CET" in {@code zone}
     * (pages use the reader's zone, logs and messages UTC); "–" for none.
     */
    public static String dateTime(Instant t, ZoneId zone) {
        if (t == null) {
            return "–";
        }
        // A UTC clock's zone is the offset Z; readers expect the word.
        return DATE_TIME.withZone(zone.normalized().equals(ZoneOffset.UTC) ? UTC : zone).format(t);
    }

    /** "2026-11-24 01:15:00 UTC". */
    public static String utc(Instant t) {
        return dateTime(t, UTC);
    }

    public static String count(Long n) {
        return n == null ? "–" : String.format(Locale.ROOT, "%,d", n);
    }

    /** "1 file", "2 files", "0 files": a count with its noun, for nouns that add an s. */
    public static String plural(long n, String noun) {
        return plural(n, noun, noun + "s");
    }

    /** "1 entry", "3 entries": a count with the right one of two forms. */
    public static String plural(long n, String singular, String plural) {
        return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? singular : plural);
    }

    /** The first line of a (possibly multi-line) message, for one-line logs and errors. */
    public static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
