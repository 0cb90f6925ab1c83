package org.pobsync.cli.manage;

import java.util.concurrent.Callable;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.db.Database;
import org.pobsync.db.DatabaseCreation;
import org.pobsync.db.Migrations;
import org.pobsync.format.Human;
import picocli.CommandLine.Command;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply pending database migrations (safe to run again).",
                "Also the one command that creates a missing database when the data dir shows pobsync ran there"
                        + " before (other commands refuse, naming the file)."})
public final class MigrateCommand implements Callable<Integer> {

    private final CliContext ctx;

    public MigrateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        // Open without the automatic migration so the count printed is what this command applied.
        try (Database db = Database.open(ctx.settings(), 2, DatabaseCreation.ALWAYS)) {
            int applied = new Migrations(db).migrate();
            ctx.out().println(applied == 0 ? "pobsync: database schema is current, nothing to apply"
                    : "pobsync: applied " + Human.plural(applied, "migration"));
        }
        return ExitCodes.OK;
    }
}
