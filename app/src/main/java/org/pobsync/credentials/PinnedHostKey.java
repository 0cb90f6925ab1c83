package org.pobsync.credentials;

import java.time.Instant;

/** A host key the operator confirmed for a host; backups refuse any other key. */
public record PinnedHostKey(long id, long hostId, String keyType, String publicKey, String fingerprint,
                            Instant pinnedAt, String pinnedBy) {
}
