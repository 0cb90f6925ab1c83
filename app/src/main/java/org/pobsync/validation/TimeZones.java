package org.pobsync.validation;

import java.time.DateTimeException;
import java.time.ZoneId;

/** The one rule for a time zone an operator types: a schedule's zone and a user's display zone. */
public final class TimeZones {

    private TimeZones() {
    }

    /** The zone {@code text} names (blank: {@code fallback}), or IllegalArgumentException in words. */
    public static ZoneId parse(String text, ZoneId fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + printable(text.trim())
                    + "': use a region name such as Europe/Amsterdam or UTC");
        }
    }

    /** Typed text echoed in a message stays one short, printable line. */
    private static String printable(String s) {
        String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
