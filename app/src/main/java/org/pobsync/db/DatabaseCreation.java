package org.pobsync.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.settings.PobsyncSettings;

/**
 * Who may create the database a process opens. A command that only reads must never create one:
 * after the SQLite file was deleted, a `pobsync runs` that quietly made a fresh empty database
 * split the system in two (the running services still wrote into the deleted file, the panel
 * showed "No hosts yet"). So a missing database is created only by {@code manage migrate}, or by
 * a set-up command or service in a data dir pobsync has never used (a fresh checkout's
 * {@code pobsync serve}); everywhere else it is one error that names the file.
 */
public enum DatabaseCreation {
    /** Read-only and day-to-day commands: the database must exist and have its tables. */
    NEVER,
    /** Set-up commands and the services: may create it in a data dir that holds nothing of pobsync's. */
    IN_FRESH_DATA_DIR,
    /** {@code manage migrate}: creates it whatever the data dir holds. */
    ALWAYS;

    /** Raised when a database is missing and this process may not create it. */
    public static final class MissingDatabaseException extends IllegalStateException {
        MissingDatabaseException(String message) {
            super(message);
        }
    }

    /**
     * Refuses, with the words an operator needs, when this process may not create the missing
     * database {@code what}: a SQLite file that does not exist ({@code fileMissing}), or a
     * database without pobsync's tables.
     */
    void requireMayCreate(PobsyncSettings settings, String what, boolean fileMissing) {
        if (this == ALWAYS) {
            return;
        }
        List<String> traces = tracesOfUse(settings, fileMissing);
        if (!traces.isEmpty()) {
            throw new MissingDatabaseException(what + ", but the data dir " + settings.dataDir()
                    + " holds pobsync's " + String.join(", ", traces) + ": was the database deleted, moved or"
                    + " replaced? " + (settings.isSqlite() ? "Put it back (with its -wal file, if there is one)"
                    : "Check POBSYNC_DATABASE_URL") + ", or run 'pobsync manage migrate' to start again with an"
                    + " empty database");
        }
        if (this == NEVER) {
            throw new MissingDatabaseException(what + " yet: set pobsync up first ('pobsync manage migrate',"
                    + " or start 'pobsync serve')");
        }
    }

    /**
     * What in the data dir shows that pobsync ran here before (empty for a fresh data dir); with
     * {@code sqliteSidecars}, also a -wal or -shm file left without its database.
     */
    static List<String> tracesOfUse(PobsyncSettings settings, boolean sqliteSidecars) {
        List<String> found = new ArrayList<>();
        addIfPresent(found, settings.sshDir(), "SSH key directory ssh/");
        addIfPresent(found, settings.logDir(), "run logs logs/");
        addIfPresent(found, settings.secretFile(), "secret " + settings.secretFile().getFileName());
        if (sqliteSidecars) {
            settings.sqliteFile().ifPresent(db -> {
                addIfPresent(found, Path.of(db + "-wal"), db.getFileName() + "-wal");
                addIfPresent(found, Path.of(db + "-shm"), db.getFileName() + "-shm");
            });
        }
        return found;
    }

    private static void addIfPresent(List<String> found, Path path, String name) {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            found.add(name);
        }
    }
}
