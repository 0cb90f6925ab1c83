package org.pobsync.cli;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * The "Commands:" section of {@code --help}: each command once, by its canonical name (aliases
 * still work, they just do not fill the list), with the first sentence of its description whole.
 * picocli's default shows only the first line of a description, which cut sentences in half
 * ("in one process (a single box, or").
 */
final class CommandList {

    private static final Pattern FIRST_SENTENCE = Pattern.compile("^(.+?[.!?])(?=\\s|$)");

    private CommandList() {
    }

    /** Installs the list on {@code cli} and every command below it. */
    static void install(CommandLine cli) {
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandList::render);
        new LinkedHashSet<>(cli.getSubcommands().values()).forEach(CommandList::install);
    }

    static String render(Help help) {
        Set<CommandLine> commands = new LinkedHashSet<>(help.commandSpec().subcommands().values());
        commands.removeIf(c -> c.getCommandSpec().usageMessage().hidden());
        if (commands.isEmpty()) {
            return "";
        }
        int nameWidth = commands.stream().mapToInt(c -> c.getCommandName().length()).max().orElse(0) + 4;
        int width = help.commandSpec().usageMessage().width();
        Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
                new Help.Column(nameWidth, 2, Help.Column.Overflow.SPAN),
                new Help.Column(Math.max(20, width - nameWidth), 1, Help.Column.Overflow.WRAP));
        for (CommandLine c : commands) {
            table.addRowValues(c.getCommandName(), summary(c.getCommandSpec().usageMessage()));
        }
        return String.format("%nCommands:%n") + table;
    }

    /** The header when a command has one, else the first sentence of its description. */
    static String summary(CommandLine.Model.UsageMessageSpec usage) {
        String text = String.join(" ", usage.header().length > 0 ? usage.header() : usage.description())
                .replaceAll("\\s+", " ").strip();
        Matcher m = FIRST_SENTENCE.matcher(text);
        return m.find() ? m.group(1) : text;
    }
}
