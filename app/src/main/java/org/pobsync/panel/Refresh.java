package org.pobsync.panel;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The server side of the live refresh pattern (SPEC section 10, docs/development.md): a partial
 * tells the polling script whether to keep polling.
 */
public final class Refresh {

    public static final String ACTIVE_HEADER = "X-Pobsync-Refresh-Active";

    private Refresh() {
    }

    /** Marks a partial response; {@code false} makes refresh.js stop polling its region. */
    public static void active(HttpServletResponse response, boolean active) {
        response.setHeader(ACTIVE_HEADER, Boolean.toString(active));
        // A partial is live state: never served from a cache.
        response.setHeader("Cache-Control", "no-store");
    }
}
