package org.pobsync.engine.prune;

import java.nio.file.Path;

/** Runs one deletion in a child JVM, so a test can run it as an unprivileged user. */
public final class DeleteSnapshotMain {

    private DeleteSnapshotMain() {
    }

    public static void main(String[] args) {
        try {
            DeletionResult result = new SnapshotDeleter(Path.of(args[0])).delete(Path.of(args[1]));
            System.out.println("files=" + result.files() + " directories=" + result.directories());
        } catch (Exception e) {
            System.out.println("failed: " + e);
            System.exit(1);
        }
    }
}
