package org.pobsync.browse;

import java.time.Instant;

/**
 * One version of a path in {@code /api/hosts/{name}/versions/} and {@code pobsync versions --json}.
 * Field names are a contract (docs/api.md).
 */
public record FileVersionJson(String snapshot, long snapshotId, String snapshotStatus, String type, long size,
                              String mode, String permissions, long uid, long gid, Instant mtime, long nlink,
                              long inode, String linkTarget, Boolean sameAsPrevious, String unchangedSince) {

    public static FileVersionJson of(FileVersion v) {
        return new FileVersionJson(v.snapshot().name(), v.snapshot().id(), v.snapshot().status().dbValue(),
                v.stat().type().jsonName(), v.stat().size(), v.stat().modeString(), v.stat().octal(), v.stat().uid(),
                v.stat().gid(), v.stat().mtime(), v.stat().nlink(), v.stat().inode(), v.linkTarget(),
                v.sameAsPrevious(), v.unchangedSince());
    }
}
