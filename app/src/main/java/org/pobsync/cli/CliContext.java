package org.pobsync.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.pobsync.app.AppContext;
import org.pobsync.db.DatabaseCreation;
import org.pobsync.settings.PobsyncSettings;

/**
 * What a command needs from its surroundings: the environment (settings), the output streams,
 * and the services, opened on first use so that {@code --help} and {@code version} never touch
 * the database. Most commands may only open a database that exists ({@link #app}); the ones that
 * set pobsync up may create it in a fresh data dir ({@link #appForSetUp}).
 */
public final class CliContext implements AutoCloseable {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private AppContext app;

    public CliContext(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public PobsyncSettings settings() {
        return PobsyncSettings.from(env);
    }

    public Map<String, String> env() {
        return env;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Clock clock() {
        return clock;
    }

    /** The services, on a database that must exist (DatabaseCreation.NEVER). */
    public synchronized AppContext app() {
        return app(DatabaseCreation.NEVER);
    }

    /**
     * The services for a command that sets pobsync up (configuration, the server key, accounts):
     * the database is created when the data dir holds nothing of pobsync's yet.
     */
    public synchronized AppContext appForSetUp() {
        return app(DatabaseCreation.IN_FRESH_DATA_DIR);
    }

    private AppContext app(DatabaseCreation creation) {
        if (app == null) {
            app = AppContext.open(settings(), clock, 4, creation);
        }
        return app;
    }

    /**
     * Hands ownership of the services to a long-running command (worker, scheduler), which may
     * create the database in a fresh data dir, like {@code serve}.
     */
    public synchronized AppContext detachApp() {
        AppContext a = appForSetUp();
        app = null;
        return a;
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.close();
            app = null;
        }
    }
}
