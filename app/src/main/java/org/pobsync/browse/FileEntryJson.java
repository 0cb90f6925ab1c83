package org.pobsync.browse;

import java.time.Instant;

/**
 * A snapshot entry in {@code /api/snapshots/{id}/files/} and {@code pobsync ls --json}. Field
 * names are a contract (docs/api.md). Names and paths are in the escaped form (see
 * docs/api.md): what {@code ?path=} and the CLI accept back.
 */
public record FileEntryJson(String name, String path, String type, long size, String mode, String permissions,
                            long uid, long gid, String owner, String group, Instant mtime, long nlink, long inode,
                            String linkTarget) {

    public static FileEntryJson of(FileEntry e) {
        return new FileEntryJson(e.name() == null ? null : e.name().escaped(), e.path().escaped(),
                e.stat().type().jsonName(), e.stat().size(), e.stat().modeString(), e.stat().octal(), e.stat().uid(),
                e.stat().gid(), e.owner(), e.group(), e.stat().mtime(), e.stat().nlink(), e.stat().inode(),
                e.linkTarget());
    }
}
