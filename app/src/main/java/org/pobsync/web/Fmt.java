package org.pobsync.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.pobsync.format.Human;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.snapshots.SnapshotStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Formatting for templates ({@code ${fmt.bytes(x)}}, a model variable every page gets from
 * {@link PanelAdvice}): the CLI's {@link Human} rules, with the
 * panel's clock for ages, so every page says "3 h ago" and "1.2 GiB" the same way. The bean
 * formats in the server's zone; each request gets the copy for its reader's zone ({@link #in}).
 */
@Component("fmt")
public final class Fmt {

    private final Clock clock;
    private final ZoneId zone;
    /** Whether the reader's times are UTC anyway: then a title needs one time, not two. */
    private final boolean utcReader;

    @Autowired
    Fmt(Clock clock) {
        this(clock, clock.getZone());
    }

    private Fmt(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.utcReader = zone.normalized().equals(ZoneOffset.UTC);
    }

    /** The same formatting, with times in {@code zone}. */
    public Fmt in(ZoneId zone) {
        return zone.equals(this.zone) ? this : new Fmt(clock, zone);
    }

    /** The zone this page's times are written in. */
    public ZoneId zone() {
        return zone;
    }

    public Instant now() {
        return clock.instant();
    }

    public String bytes(Long bytes) {
        return Human.bytes(bytes);
    }

    public String rate(Long bytesPerSecond) {
        return Human.rate(bytesPerSecond);
    }

    public String count(Long n) {
        return Human.count(n);
    }

    /** "1 snapshot", "3 snapshots" ({@link Human#plural}). */
    public String plural(long n, String noun) {
        return Human.plural(n, noun);
    }

    /** "3 h ago" / "in 4 h"; "never" for null. */
    public String ago(Instant t) {
        return Human.age(t, clock.instant());
    }

    /** The exact time in the reader's zone: "2026-11-23 03:15:00 CET". */
    public String time(Instant t) {
        return Human.dateTime(t, zone);
    }

    /** The exact time in UTC, for the title attribute beside a {@link #time}. */
    public String utc(Instant t) {
        return Human.utc(t);
    }

    /** The title of a relative time: the reader's time, and UTC when that differs. */
    public String exact(Instant t) {
        return utcReader || t == null ? utc(t) : time(t) + " (" + utc(t) + ")";
    }

    /**
     * A relative time with the exact one on hover, or {@code none} (muted) when there is no
     * time: the one place its markup is written. Templates write it with {@code th:utext}, which
     * spares each cell of a list a fragment insertion and four expressions.
     */
    public String agoTag(Instant t, String none) {
        if (t == null) {
            return "<span class=\"muted\">" + HtmlUtils.htmlEscape(none == null ? "" : none) + "</span>";
        }
        return "<time datetime=\"" + iso(t) + "\" title=\"" + HtmlUtils.htmlEscape(exact(t)) + "\">"
                + HtmlUtils.htmlEscape(ago(t)) + "</time>";
    }

    /**
     * A run's status as a badge (colour, symbol and word: the CSS class {@code s-<status>}), the
     * one markup of it; templates write it with {@code th:utext}, which costs a fraction of a
     * fragment insertion on pages that list many runs.
     */
    public String runStatusTag(RunStatus status) {
        return status == null ? "" : badge(status.dbValue());
    }

    /** A snapshot's status as a badge, like {@link #runStatusTag}. */
    public String snapshotStatusTag(SnapshotStatus status) {
        return status == null ? "" : badge(status.dbValue());
    }

    private static String badge(String word) {
        String w = HtmlUtils.htmlEscape(word);
        return "<span class=\"badge s-" + w + "\">" + w + "</span>";
    }

    /** ISO-8601 for the datetime attribute of a time element. */
    public String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    public String duration(Duration d) {
        return Human.duration(d);
    }

    /** The time from {@code start} to {@code end}; "–" when either is unknown. */
    public String between(Instant start, Instant end) {
        return start == null || end == null ? "–" : Human.duration(Duration.between(start, end));
    }

    public String seconds(Long s) {
        return s == null ? "–" : Human.duration(Duration.ofSeconds(s));
    }

    /** Wall time so far (running) or in total; "–" before the run started. */
    public String runDuration(BackupRun run) {
        return Human.duration(run.duration(clock.instant()));
    }

    /** Shortens one-line texts (error summaries in tables) so rows keep their height. */
    public String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replace('\n', ' ');
        return line.length() <= max ? line : line.substring(0, Math.max(0, max - 1)) + "…";
    }
}
