package org.pobsync.status;

import java.time.Instant;

/**
 * The server-wide alert settings (one row).
 *
 * @param reminderHours  a reminder every this many hours while a condition stays bad; null: none
 * @param digestHour     the hour (0-23, the server's time zone) of the daily digest; null: none
 * @param diskFreePercent the backup root is "low" below this much free space
 * @param panelUrl       the panel's address as operators reach it, for links in messages; null: no links
 */
public record AlertSettings(int defaultExpectHours, Integer reminderHours, Integer digestHour, int diskFreePercent,
                           String panelUrl, Instant lastDigestAt) {

    /** A link to a page of the panel ("hosts/web1/"), or null when the panel's address is not set. */
    public String link(String path) {
        if (panelUrl == null) {
            return null;
        }
        return (panelUrl.endsWith("/") ? panelUrl : panelUrl + "/") + path;
    }
}
