package org.pobsync.users;

import jakarta.servlet.ServletRequest;
import java.time.ZoneId;

/**
 * The signed-in user's display zone for one request. The staff-session check reads the account
 * on every request anyway; it leaves the zone here, so a page resolves it once, without a second
 * query, and every time on the page is formatted in it.
 */
public final class DisplayZone {

    private static final String ATTRIBUTE = "pobsync.displayZone";

    private DisplayZone() {
    }

    public static void remember(ServletRequest request, User user, ZoneId serverZone) {
        request.setAttribute(ATTRIBUTE, user.displayZone(serverZone));
    }

    /** The zone {@link #remember} left, else {@code serverZone} (anonymous pages, API tokens). */
    public static ZoneId of(ServletRequest request, ZoneId serverZone) {
        return request.getAttribute(ATTRIBUTE) instanceof ZoneId zone ? zone : serverZone;
    }
}
