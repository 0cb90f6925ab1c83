package org.pobsync.cli.manage;

import java.util.concurrent.Callable;
import org.flywaydb.core.api.MigrationInfo;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.db.Database;
import org.pobsync.db.DatabaseCreation;
import org.pobsync.db.Migrations;
import picocli.CommandLine.Command;

@Command(name = "show-migrations", aliases = {"showmigrations", "show_migrations"}, mixinStandardHelpOptions = true,
        description = "List the database migrations and whether each is applied ([X]) or pending ([ ]).")
public final class ShowMigrationsCommand implements Callable<Integer> {

    private final CliContext ctx;

    public ShowMigrationsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
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
