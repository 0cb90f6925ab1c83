package org.pobsync.cli;

import org.pobsync.engine.tree.SnapshotPath;

/** A path inside a snapshot from the command line: a bad one ("..", a bad escape) is a usage error (exit 2). */
final class CliPaths {

    private CliPaths() {
    }

    static SnapshotPath parse(String text) {
        try {
            return SnapshotPath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
