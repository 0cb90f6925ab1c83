package org.pobsync.users;

import java.time.Instant;

/** A person who may use the panel and the API (only when active and staff). */
public record User(long id, String username, String email, String passwordHash, boolean active, boolean staff,
                   boolean superuser, Instant createdAt, Instant lastLoginAt) {

    public boolean canUsePanel() {
        return active && staff;
    }
}
