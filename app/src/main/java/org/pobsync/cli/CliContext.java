package org.pobsync.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;

/**
 * What a command needs from its surroundings: the environment (settings), the output streams,
 * and the services, opened on first use so that {@code --help} and {@code version} never touch
 * the database.
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

    public synchronized AppContext app() {
        if (app == null) {
            app = AppContext.open(settings(), clock, 4);
        }
        return app;
    }

    /** Hands ownership of the services to a long-running command (serve, worker, …). */
    public synchronized AppContext detachApp() {
        AppContext a = app();
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
