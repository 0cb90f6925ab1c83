package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.Cli;

/** What {@code --help} lists: each command once by its name, its summary a whole sentence. */
class HelpTextTest {

    private final Cli cli = new Cli(Map.of());

    @Test
    void theCommandListNeverCutsADescriptionMidSentence() {
        String help = cli.run("--help").out();
        assertThat(help.replaceAll("\\s+", " ")).contains("serve Run the web panel, the scheduler and the worker in one"
                + " process (a single box, or development) until SIGTERM or Ctrl-C.");
        List<String> summaries = commandRows(help);
        assertThat(summaries).hasSizeGreaterThan(10);
        // Each summary, joined over its wrapped lines, ends a sentence.
        assertThat(commandSummaries(help)).allSatisfy(s -> assertThat(s).as(s).endsWith("."));
        assertThat(commandSummaries(cli.run("manage", "--help").out())).allSatisfy(s -> assertThat(s).as(s).endsWith("."));
    }

    @Test
    void manageHelpListsEachCommandOnceByItsCanonicalNameAndAliasesStillWork() {
        String help = cli.run("manage", "--help").out();
        assertThat(help).doesNotContain("configure_pobsync_host", "configure_host", "run_pobsync_backup");
        assertThat(commandRows(help).stream().filter(r -> r.strip().startsWith("configure-host "))).hasSize(1);
        assertThat(cli.run("manage", "configure_pobsync_host", "--help").exitCode()).isZero();
        assertThat(cli.run("django", "configure-host", "--help").out()).contains("configure-host");
        assertThat(cli.run("--help").out()).doesNotContain("manage, django");
    }

    /** The rows of the Commands: section (a row starts with two spaces and a name). */
    private static List<String> commandRows(String help) {
        String list = help.substring(help.indexOf("Commands:") + "Commands:".length());
        return Arrays.stream(list.split("\n")).filter(l -> l.matches("  \\S.*")).toList();
    }

    /** Each command's summary with its wrapped continuation lines joined. */
    private static List<String> commandSummaries(String help) {
        String list = help.substring(help.indexOf("Commands:") + "Commands:".length());
        StringBuilder all = new StringBuilder();
        for (String line : list.split("\n")) {
            if (line.matches("  \\S.*")) {
                all.append('\n').append(line.strip().replaceFirst("^\\S+\\s+", ""));
            } else if (!line.isBlank()) {
                all.append(' ').append(line.strip());
            }
        }
        return Arrays.stream(all.toString().split("\n")).filter(s -> !s.isBlank()).toList();
    }
}
