package org.pobsync.cli;

import java.time.Duration;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a long-running process (serve, web, worker, scheduler) whose SQLite file was deleted or
 * replaced under it: SQLite goes on writing into the old inode, so the process would record runs
 * nobody can ever see, while every other process reads the new file. Exiting with 1 (not 143,
 * which the units count as a clean stop) makes systemd restart the service, which then opens the
 * file that is there now, or refuses with a line naming it when there is none
 * ({@link org.pobsync.db.DatabaseCreation}). A stat every two seconds costs nothing.
 */
final class DatabaseWatch {

    private static final Logger log = LoggerFactory.getLogger("pobsync");
    static final Duration EVERY = Duration.ofSeconds(2);

    private DatabaseWatch() {
    }

    /** Starts watching, until the database is closed (nothing to watch for MariaDB). */
    static void start(Database database) {
        if (database.dialect() != Dialect.SQLITE) {
            return;
        }
        if (database.fileProblem().isPresent()) {
            exit(database.fileProblem().get());
        }
        Thread t = new Thread(() -> watch(database), "pobsync-database-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void watch(Database database) {
        while (true) {
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (database.isClosed()) {
                return;
            }
            Optional<String> problem = database.fileProblem();
            if (problem.isPresent()) {
                exit(problem.get());
                return;
            }
        }
    }

    private static void exit(String problem) {
        log.error("{} while this process was using it: exiting so that it starts again on the file that is"
                + " there now (writes since then went to the old file)", problem);
        // From a thread of its own: the shutdown hooks stop the loops, which join their threads.
        Thread exit = new Thread(() -> System.exit(ExitCodes.FAILURE), "pobsync-database-watch-exit");
        exit.start();
    }
}
