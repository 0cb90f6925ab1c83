package org.pobsync.cli.manage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.format.Human;
import org.pobsync.legacy.ImportReport;
import org.pobsync.legacy.ImportReport.Action;
import org.pobsync.legacy.LegacyImportRefusedException;
import org.pobsync.legacy.LegacyProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "import-configs", aliases = {"import_configs", "import_pobsync_configs"},
        mixinStandardHelpOptions = true,
        description = {"Import a legacy YAML configuration into the database:",
                "  <prefix>/config/global.yaml        the server-wide configuration",
                "  <prefix>/config/hosts/<host>.yaml  one per host, with its schedule",
                "Format: docs/legacy-yaml.md.",
                "Everything is checked first. If anything is wrong, every problem is listed",
                "on its own line (file, key, line), nothing is written, and the exit code is 2.",
                "Each file replaces what it describes, lists included: importing the same",
                "files again changes nothing. Hosts and schedules the files do not mention",
                "are left as they are (an import never deletes).",
                "Only files really under the prefix are read: a symbolic link below it",
                "(a file, config/ or config/hosts/) is reported as a problem, never followed.",
                "Example: pobsync manage import-configs --prefix /opt/pobsync --dry-run"})
public final class ImportConfigsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--prefix", required = true, paramLabel = "DIR",
            description = "The directory that holds config/ (the legacy install, e.g. /opt/pobsync).")
    Path prefix;

    @Option(names = "--dry-run", description = "Check everything and report what would change; write nothing.")
    boolean dryRun;

    public ImportConfigsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ImportReport report;
        try {
            report = ctx.appForSetUp().legacyImport().importConfigs(prefix, dryRun, AuditLog.cliActor());
        } catch (LegacyImportRefusedException e) {
            PrintStream err = ctx.err();
            for (LegacyProblem p : e.problems()) {
                err.println(p);
            }
            err.println("pobsync: " + Human.plural(e.problems().size(), "problem")
                    + " in the legacy configuration under " + prefix + "; nothing was imported");
            return ExitCodes.USAGE;
        }
        PrintStream out = ctx.out();
        for (ImportReport.Item item : report.items()) {
            out.println(line(item, report.dryRun()));
        }
        for (String file : report.ignoredFiles()) {
            out.println("ignored " + file + " (host files end in .yaml)");
        }
        out.println((report.dryRun() ? "dry run, nothing was written: " : "imported " + prefix + ": ")
                + report.count(Action.CREATED) + (report.dryRun() ? " to create, " : " created, ")
                + report.count(Action.UPDATED) + (report.dryRun() ? " to update, " : " updated, ")
                + report.count(Action.UNCHANGED) + " unchanged, " + report.count(Action.KEPT) + " left as they are");
        return ExitCodes.OK;
    }

    private static String line(ImportReport.Item item, boolean dryRun) {
        String verb = switch (item.action()) {
            case CREATED -> dryRun ? "would create" : "created";
            case UPDATED -> dryRun ? "would update" : "updated";
            case UNCHANGED -> "unchanged";
            case KEPT -> "kept";
        };
        String line = verb + " " + item.subject();
        if (item.action() == Action.KEPT) {
            return line + ": " + item.note();
        }
        line += " (" + item.file() + ")";
        return item.changedKeys().isEmpty() ? line : line + ": " + String.join(", ", item.changedKeys());
    }
}
