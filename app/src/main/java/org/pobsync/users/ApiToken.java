package org.pobsync.users;

import java.time.Instant;

/**
 * A user's API token as stored: never the token itself, only its hash and the first characters
 * (so its owner can tell tokens apart).
 */
public record ApiToken(long id, long userId, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
}
