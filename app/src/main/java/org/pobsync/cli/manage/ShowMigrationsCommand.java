package org.pobsync.cli.manage;

import java.util.concurrent.Callable;
import org.flywaydb.core.api.MigrationInfo;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.cli.UsageError;
import org.pobsync.db.Database;
import org.pobsync.db.DatabaseCreation;
import org.pobsync.db.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show-migrations", aliases = {"showmigrations", "show_migrations"}, mixinStandardHelpOptions = true,
        description = "List the database migrations and whether each is applied ([X]) or pending ([ ]).")
public final class ShowMigrationsCommand implements Callable<Integer> {

    /** The reference's Django app label: {@code django showmigrations pobsync_backend} still works. */
    static final String APP_LABEL = "pobsync_backend";

    private final CliContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "APP_LABEL",
            description = "Accepted for the reference's 'showmigrations pobsync_backend': pobsync has one app.")
    String appLabel;

    public ShowMigrationsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (appLabel != null && !appLabel.equals(APP_LABEL) && !appLabel.equals("pobsync")) {
            throw new UsageError("no app '" + appLabel + "': pobsync's migrations are all of '" + APP_LABEL + "'");
        }
        try (Database db = Database.open(ctx.settings(), 2, DatabaseCreation.NEVER)) {
            for (MigrationInfo m : new Migrations(db).all()) {
                boolean applied = m.getState().isApplied();
                ctx.out().println((applied ? " [X] " : " [ ] ") + m.getVersion() + "  " + m.getDescription()
                        + (m.getState().isFailed() ? "  (FAILED)" : ""));
            }
        }
        return ExitCodes.OK;
    }
}
