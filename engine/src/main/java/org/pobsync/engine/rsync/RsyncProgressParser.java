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

    /** Whether the line is a progress update (and so does not belong in the run log). */
    public static boolean isProgressLine(String line) {
        return LINE.matcher(line).matches();
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
