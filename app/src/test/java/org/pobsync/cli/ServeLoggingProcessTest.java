package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;

/**
 * docs/design.md, "Logs", as an operator meets it in `pobsync serve`: the panel starts Spring
 * Boot, and the worker and the scheduler must go on logging one line per action on stderr, in
 * the format of every other command, and not in Spring Boot's format on stdout. Under systemd
 * (JOURNAL_STREAM set) every line starts with its syslog priority and has no time stamp, so
 * {@code journalctl -p warning} works.
 */
class ServeLoggingProcessTest {

    /** The local time, "LEVEL logger: message". */
    static final Pattern TERMINAL_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (ERROR|WARN|INFO|DEBUG|TRACE) [\\w$-]+: \\S.*");
    /** The priority that belongs to the level, "LEVEL logger: message", no time. */
    static final Pattern JOURNAL_LINE = Pattern.compile(
            "(<3>ERROR|<4>WARN|<6>INFO|<7>DEBUG|<7>TRACE) [\\w$-]+: \\S.*");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "JOURNAL_STREAM set: {0}")
    @ValueSource(booleans = {false, true})
    void workerAndSchedulerLogInTheOneFormatAfterThePanelStarted(boolean journal) throws Exception {
        int port = LoopbackSshd.freePort();
        Map<String, String> env = new HashMap<>(TestDatabase.SQLITE.env(dir.resolve("var")));
        env.put("POBSYNC_BIND", "127.0.0.1:" + port);
        if (journal) {
            env.put("JOURNAL_STREAM", "8:4242");
        }
        Cli cli = new Cli(env);
        Files.createDirectories(dir.resolve("backups"));
        TestTree.tree().file("etc/hosts", "127.0.0.1 localhost\n").create(dir.resolve("src"));
        assertThat(cli.run("manage", "configure-global", "--backup-root", dir.resolve("backups").toString()).exitCode()).isZero();
        assertThat(cli.run("manage", "configure-host", "box", "--transport", "local", "--path",
                dir.resolve("src/etc").toString()).exitCode()).isZero();

        String stdout;
        String stderr;
        try (PobsyncProcess serve = PobsyncProcess.startSeparated(env, dir.resolve("out.log"), dir.resolve("err.log"),
                "serve", "--worker-interval", "1", "--scheduler-interval", "1")) {
            serve.awaitLog("serving http://127\\.0\\.0\\.1:" + port, Duration.ofSeconds(120));
            assertThat(cli.run("manage", "run-backup", "box", "--queue").exitCode()).isZero();
            // In whatever format: the assertions below say what is wrong with it.
            serve.awaitLog("run \\d+ of box: succeeded", Duration.ofSeconds(60));
            serve.term();
            assertThat(List.of(0, 143)).contains(serve.waitFor(Duration.ofSeconds(60)));
            stdout = serve.stdout();
            stderr = serve.stderr();
        }

        Pattern format = journal ? JOURNAL_LINE : TERMINAL_LINE;
        List<String> lines = stderr.lines().toList();
        assertThat(lines).as("every line on stderr, Spring's and Tomcat's included:\n" + stderr)
                .isNotEmpty().allMatch(l -> format.matcher(l).matches());
        assertThat(lines).as("Tomcat logs through java.util.logging; its lines must arrive too:\n" + stderr)
                .anyMatch(l -> l.contains(" StandardService: Starting service [Tomcat]"));
        int panelUp = indexOf(lines, "PobsyncWeb: pobsync web panel listening on");
        assertThat(panelUp).as("the panel's start is logged:\n" + stderr).isNotNegative();
        List<String> afterPanel = lines.subList(panelUp + 1, lines.size());
        assertThat(afterPanel).as("after the panel started:\n" + stderr)
                .anyMatch(l -> l.contains(" scheduler: scheduler started, a pass every 1 s"))
                .anyMatch(l -> l.matches(".* worker: run \\d+ of box: claimed by worker .*"))
                .anyMatch(l -> l.matches(".* worker: run \\d+ of box: succeeded.*"))
                .anyMatch(l -> l.contains(" scheduler: scheduler stopped"));
        assertThat(stdout.lines()).as("stdout carries the command's own output only:\n" + stdout)
                .isNotEmpty().allMatch(l -> l.startsWith("pobsync: "));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
