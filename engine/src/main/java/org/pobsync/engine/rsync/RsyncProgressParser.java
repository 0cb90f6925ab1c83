package org.pobsync.engine.rsync;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pobsync.engine.Progress;

/**
 * Reads one line of rsync's {@code --info=progress2} display, for example
 * <pre>      3,000,000  99%  471.63MB/s    0:00:00 (xfr#1, to-chk=4/10)</pre>
 * bytes so far, percent of the (estimated) total, current rate, and a time. rsync prints the
 * time as an estimate of what remains, except on the update that ends a file (the one with the
 * {@code xfr#} counters), where it is the time elapsed so far; there the remaining time is
 * extrapolated from the percentage. With incremental recursion ({@code ir-chk}) rsync does not
 * know the total yet, so early percentages run ahead of reality.
 */
public final class RsyncProgressParser {

    private static final Pattern LINE = Pattern.compile(
            "^\\s*([0-9][0-9,]*)\\s+(\\d{1,3})%\\s+([0-9]+(?:\\.[0-9]+)?)([kMGT]?B)/s\\s+"
                    + "(\\d+:\\d{2}:\\d{2}|\\d+:\\d{2}|\\?+:\\?+:\\?+)"
                    + "(?:\\s+\\(xfr#(\\d+),\\s*(?:to|ir)-chk=(\\d+)/(\\d+)\\))?\\s*$");

    private RsyncProgressParser() {
    }

    /** The progress on this line, or empty when it is not a progress line. */
    public static Optional<Progress> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        long bytes = Long.parseLong(m.group(1).replace(",", ""));
        int percent = Math.min(100, Integer.parseInt(m.group(2)));
        long rate = (long) (Double.parseDouble(m.group(3)) * unit(m.group(4)));
        Duration time = parseTime(m.group(5));
        boolean endOfFile = m.group(6) != null;
        long checked = 0;
        if (endOfFile) {
            checked = Long.parseLong(m.group(8)) - Long.parseLong(m.group(7));
        }
        Duration eta = time;
        if (endOfFile) {
            eta = time == null || percent == 0 ? null : time.multipliedBy(100 - percent).dividedBy(percent);
        }
        return Optional.of(new Progress(percent, rate, eta, bytes, Math.max(0, checked)));
    }

    /**
     * The file counters of an update that ends a file: files transferred so far ({@code xfr#}),
     * files still to check and files in the list so far ({@code to-chk=remaining/total}; with
     * {@code ir-chk} the list is still growing).
     */
    public record FileCounters(long transferred, long remaining, long total) {
    }

    /** The counters on this line, or empty when it is not an update that ends a file. */
    public static Optional<FileCounters> fileCounters(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches() || m.group(6) == null) {
            return Optional.empty();
        }
        return Optional.of(new FileCounters(Long.parseLong(m.group(6)), Long.parseLong(m.group(7)),
                Long.parseLong(m.group(8))));
    }

    /**
     * Whether the line is a progress update (and so does not belong in the run log): the same
     * lines {@link #parse} reads, recognised by hand rather than by the regular expression,
     * because rsync prints one update per file (100,000 in a full backup of 100,000 files) and
     * matching each against the expression cost the worker more CPU than everything else it
     * does with rsync's output (docs/benchmarks.md, "Snapshot stores").
     */
    public static boolean isProgressLine(String line) {
        Shape s = new Shape(line);
        boolean head = s.spaces(0) && s.digit() && s.run("0123456789,") >= 0 && s.spaces(1)
                && s.between(1, 3) && s.literal("%") && s.spaces(1)
                && s.digits(1) && (!s.literal(".") || s.digits(1)) && (s.oneOf("kMGT") || true)
                && s.literal("B/s") && s.spaces(1) && s.time();
        if (!head) {
            return false;
        }
        int mark = s.at;
        if (!(s.spaces(1) && s.literal("(xfr#") && s.digits(1) && s.literal(",") && s.spaces(0)
                && (s.literal("to-chk=") || s.literal("ir-chk=")) && s.digits(1) && s.literal("/") && s.digits(1)
                && s.literal(")"))) {
            s.at = mark;
        }
        return s.spaces(0) && s.at == line.length();
    }

    /** A cursor over one line for {@link #isProgressLine}; each step advances only on success. */
    private static final class Shape {
        private final String text;
        private int at;

        Shape(String text) {
            this.text = text;
        }

        boolean spaces(int min) {
            int start = at;
            while (at < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            return at - start >= min;
        }

        boolean digit() {
            return at < text.length() && isDigit(text.charAt(at));
        }

        /** Advances over characters of {@code chars}; returns how many. */
        int run(String chars) {
            int start = at;
            while (at < text.length() && chars.indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            return at - start;
        }

        boolean digits(int min) {
            int start = at;
            while (at < text.length() && isDigit(text.charAt(at))) {
                at++;
            }
            return at - start >= min;
        }

        boolean between(int min, int max) {
            int start = at;
            if (!digits(min)) {
                at = start;
                return false;
            }
            return at - start <= max;
        }

        boolean literal(String s) {
            if (text.startsWith(s, at)) {
                at += s.length();
                return true;
            }
            return false;
        }

        boolean oneOf(String chars) {
            if (at < text.length() && chars.indexOf(text.charAt(at)) >= 0) {
                at++;
                return true;
            }
            return false;
        }

        /** {@code h:mm:ss}, {@code m:ss} or {@code ??:??:??}. */
        boolean time() {
            int start = at;
            if (text.startsWith("?", at)) {
                return run("?") > 0 && literal(":") && run("?") > 0 && literal(":") && run("?") > 0;
            }
            if (!(digits(1) && literal(":") && twoDigits())) {
                at = start;
                return false;
            }
            int mark = at;
            if (!(literal(":") && twoDigits())) {
                at = mark;
            }
            return true;
        }

        private boolean twoDigits() {
            int start = at;
            return digits(2) && at - start == 2;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    private static long unit(String unit) {
        switch (unit) {
            case "kB":
                return 1024L;
            case "MB":
                return 1024L * 1024;
            case "GB":
                return 1024L * 1024 * 1024;
            case "TB":
                return 1024L * 1024 * 1024 * 1024;
            default:
                return 1;
        }
    }

    private static Duration parseTime(String text) {
        if (text.startsWith("?")) {
            return null;
        }
        String[] parts = text.split(":");
        long seconds = 0;
        for (String part : parts) {
            seconds = seconds * 60 + Long.parseLong(part);
        }
        return Duration.ofSeconds(seconds);
    }
}
