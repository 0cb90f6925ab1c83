package org.pobsync.users;

import java.time.Instant;

/**
 * A user's API token as stored: never the token itself, only its hash and the first characters
 * (so its owner can tell tokens apart). {@code expiresAt} is null for a token that never expires.
 */
public record ApiToken(long id, long userId, String name, String prefix, Instant createdAt, Instant lastUsedAt,
                       Instant expiresAt) {

    /** Whether the token no longer authenticates at {@code now}. */
    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
