package org.pobsync.users;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A person who may use the panel and the API (only when active and staff). {@code timeZone}
 * is the zone pages show times in; null means the server's.
 */
public record User(long id, String username, String email, String passwordHash, boolean active, boolean staff,
                   boolean superuser, Instant createdAt, Instant lastLoginAt, ZoneId timeZone) {

    public boolean canUsePanel() {
        return active && staff;
    }

    /** The zone this user reads times in: their own, else the server's. */
    public ZoneId displayZone(ZoneId serverZone) {
        return timeZone == null ? serverZone : timeZone;
    }
}
