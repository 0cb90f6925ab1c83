package org.pobsync.cli.manage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.format.Human;
import org.pobsync.legacy.ExportReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-configs", aliases = {"export_configs", "export_pobsync_configs"},
        mixinStandardHelpOptions = true,
        description = {"Write the database's configuration as legacy YAML, for inspection or a",
                "one-off migration (the database stays the source of truth):",
                "  <prefix>/config/global.yaml        the server-wide configuration",
                "  <prefix>/config/hosts/<host>.yaml  one per host, with its schedule",
                "Format: docs/legacy-yaml.md; import-configs reads the result back unchanged.",
                "Missing directories are created. Files of this layout are replaced, mode 0600",
                "(they describe the backup infrastructure); no other file is changed or deleted.",
                "Example: pobsync manage export-configs --prefix /root/pobsync-export"})
public final class ExportConfigsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--prefix", required = true, paramLabel = "DIR",
            description = "The directory to write config/ into (created if missing).")
    Path prefix;

    public ExportConfigsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ExportReport report = ctx.app().legacyExport().exportConfigs(prefix, AuditLog.cliActor());
        PrintStream out = ctx.out();
        for (ExportReport.File f : report.files()) {
            out.println((f.changed() ? "wrote " : "unchanged ") + f.path());
        }
        for (String stray : report.strayHostFiles()) {
            out.println("left " + stray + " as it is: no such host in the database");
        }
        long changed = report.files().stream().filter(ExportReport.File::changed).count();
        out.println("exported " + Human.plural(report.files().size(), "file") + " to " + prefix + " (" + changed + " written, "
                + (report.files().size() - changed) + " unchanged)");
        return ExitCodes.OK;
    }
}
