package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A branch of the command tree behaves like the same branch of the whole tree. */
class CommandBranchTest {

    private final CliContext context = new CliContext(Map.of(), new PrintStream(PrintStream.nullOutputStream()),
            new PrintStream(PrintStream.nullOutputStream()), Clock.systemUTC());

    @Test
    void everyBranchHasTheUsageAndSubcommandsOfTheWholeTree() {
        CommandLine whole = PobsyncCommand.commandLine(context);
        int branches = 0;
        for (var entry : whole.getSubcommands().entrySet()) {
            String name = entry.getKey();
            CommandLine branch = CommandBranch.forArguments(context, name, "--help");
            if (name.equals("help")) {
                assertThat(branch.getSubcommands()).containsOnlyKeys(whole.getSubcommands().keySet());
                continue;
            }
            assertThat(branch.getSubcommands().keySet()).as(name).containsOnly(
                    aliasesOf(whole, entry.getValue()));
            assertSameTree(entry.getValue(), branch.getSubcommands().get(name));
            branches++;
        }
        assertThat(branches).isGreaterThan(4);
    }

    @Test
    void anythingButASubcommandNameGetsTheWholeTree() {
        int all = PobsyncCommand.commandLine(context).getSubcommands().size();
        for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"help", "backup"}, {"frobnicate"}}) {
            assertThat(CommandBranch.forArguments(context, args).getSubcommands()).hasSize(all);
        }
    }

    @Test
    void aliasesSelectTheirBranch() {
        assertThat(CommandBranch.subcommandNamed("django")).isEqualTo(ManageCommand.class);
        assertThat(CommandBranch.subcommandNamed("backup")).isEqualTo(BackupCommand.class);
        assertThat(CommandBranch.subcommandNamed("help")).isNull();
        assertThat(CommandBranch.subcommandNamed("nope")).isNull();
    }

    @Test
    void retiredTopLevelCommandsNameTheMaintenanceCommandToUse() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = PobsyncCommand.run(Map.of(), Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(err, true), "configure-host", "web1", "--address", "web1.example.org");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'configure-host' is a maintenance command: run 'pobsync manage"
                + " configure-host'").doesNotContain("Unmatched");

        assertThat(CommandBranch.manageCommandNamed("schedule")).isEqualTo("configure-schedule");
        assertThat(CommandBranch.manageCommandNamed("configure_pobsync_host")).isEqualTo("configure-host");
        assertThat(CommandBranch.manageCommandNamed("frobnicate")).isNull();
    }

    private static String[] aliasesOf(CommandLine whole, CommandLine command) {
        return whole.getSubcommands().entrySet().stream().filter(e -> e.getValue() == command)
                .map(Map.Entry::getKey).toArray(String[]::new);
    }

    private static void assertSameTree(CommandLine expected, CommandLine actual) {
        assertThat(actual.getUsageMessage(CommandLine.Help.Ansi.OFF))
                .isEqualTo(expected.getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertThat(actual.getCommandSpec().qualifiedName()).isEqualTo(expected.getCommandSpec().qualifiedName());
        assertThat(actual.getSubcommands().keySet()).isEqualTo(expected.getSubcommands().keySet());
        for (String sub : expected.getSubcommands().keySet()) {
            assertSameTree(expected.getSubcommands().get(sub), actual.getSubcommands().get(sub));
        }
    }
}
