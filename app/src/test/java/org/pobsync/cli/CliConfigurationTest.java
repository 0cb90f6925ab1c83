package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;
import picocli.CommandLine;

/** The maintainer CLI as an operator types it: configuration, validation, help and exit codes. */
class CliConfigurationTest {

    @TempDir
    Path dir;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(TestDatabase.SQLITE.env(dir));
    }

    @Test
    void configureHostCreatesThenUpdatesAndReplacesLists() {
        Cli.Result created = cli.run("manage", "configure-host", "web1", "--address", "web1.example.org",
                "--path", "/etc", "--path", "/srv/data", "--exclude", "*.cache", "--rsync-option", "--compress");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("created host web1", "/etc /srv/data", "*.cache", "--compress");

        Cli.Result updated = cli.run("manage", "configure-host", "web1", "--path", "/home", "--keep-daily", "3");
        assertThat(updated.exitCode()).as(updated.toString()).isZero();
        assertThat(updated.out()).contains("updated host web1", "paths:      /home", "excludes:   *.cache",
                "keep-daily 3 (host override)");
    }

    @Test
    void djangoAliasesWithReferenceNamesWork() {
        Cli.Result r = cli.run("django", "configure_pobsync_host", "db1", "--address", "10.0.0.5", "--path", "/var/lib");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Cli.Result s = cli.run("django", "configure_pobsync_schedule", "db1", "--schedule-expression", "15 2 * * *");
        assertThat(s.exitCode()).as(s.toString()).isZero();
        assertThat(s.out()).contains("15 2 * * *", "next runs:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "-rf", "Web1", "a/b", "", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void badHostNamesAreOneLineUsageErrors(String name) {
        Cli.Result r = cli.run("manage", "configure-host", name, "--address", "a.example", "--path", "/etc");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("pobsync: ");
    }

    @Test
    void hostileValuesAreRejectedWithTheFieldNamed() {
        Path marker = dir.resolve("pwned");
        List<String[]> cases = List.of(
                new String[] {"--address", "-oProxyCommand=touch " + marker, "--path", "/etc"},
                new String[] {"--address", "a.example;touch " + marker, "--path", "/etc"},
                new String[] {"--address", "$(touch " + marker + ")", "--path", "/etc"},
                new String[] {"--address", "a.example", "--path", "relative/path"},
                new String[] {"--address", "a.example", "--path", "/etc/*"},
                new String[] {"--address", "a.example", "--path", "/etc", "--user", "-oProxyCommand=x"},
                new String[] {"--address", "a.example", "--path", "/etc", "--port", "70000"},
                new String[] {"--address", "a.example", "--path", "/etc", "--rsync-option", "--rsh=touch " + marker},
                new String[] {"--address", "a.example", "--path", "/etc", "--rsync-option", "-e"},
                new String[] {"--address", "a.example", "--path", "/etc", "--rsync-option", "--rsync-path=touch " + marker},
                new String[] {"--address", "a.example", "--path", "/etc", "--rsync-option", "--files-from=/etc/passwd"});
        for (String[] args : cases) {
            String[] full = new String[args.length + 3];
            full[0] = "manage";
            full[1] = "configure-host";
            full[2] = "web1";
            System.arraycopy(args, 0, full, 3, args.length);
            Cli.Result r = cli.run(full);
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        }
        assertThat(Files.exists(marker)).isFalse();
        assertThat(cli.run("runs").exitCode()).isZero();
        assertThat(cli.run("manage", "configure-host", "web1", "--path", "/etc").err())
                .contains("--address is required");
    }

    @Test
    void badCronAndZoneAndUnknownHostAreClearErrors() {
        cli.run("manage", "configure-host", "web1", "--address", "a.example", "--path", "/etc");
        Cli.Result cron = cli.run("manage", "configure-schedule", "web1", "--schedule-expression", "every day");
        assertThat(cron.exitCode()).isEqualTo(2);
        assertThat(cron.err()).contains("5 fields");
        Cli.Result zone = cli.run("manage", "configure-schedule", "web1", "--schedule-expression", "0 3 * * *",
                "--time-zone", "Nowhere/Land");
        assertThat(zone.exitCode()).isEqualTo(2);
        assertThat(zone.err()).contains("unknown time zone");
        Cli.Result missing = cli.run("backup", "nosuchhost");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("host 'nosuchhost' is not configured");
        assertThat(missing.err().strip().lines()).hasSize(1);
    }

    @Test
    void configureGlobalValidatesAndPrints() {
        Cli.Result ok = cli.run("manage", "configure-global", "--backup-root", dir.resolve("b").toString(),
                "--keep-last", "2", "--keep-daily", "7", "--max-concurrent", "3", "--timeout", "900");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("keep-last 2, keep-daily 7", "max concurrent:     3", "900 s");
        Cli.Result bad = cli.run("manage", "configure-global", "--backup-root", "relative");
        assertThat(bad.exitCode()).isEqualTo(2);
        Cli.Result negative = cli.run("manage", "configure-global", "--keep-daily", "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
    }

    @Test
    void superuserFromEnvironmentAndPasswordRules() {
        Cli withPassword = new Cli(new java.util.HashMap<>(cli.env()) {{
            put("POBSYNC_SUPERUSER_PASSWORD", "a-long-enough-secret");
        }});
        Cli.Result r = withPassword.run("manage", "create-superuser", "--username", "admin", "--no-input");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Cli.Result again = withPassword.run("manage", "createsuperuser", "--username", "admin", "--no-input");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
        Cli.Result noPassword = cli.run("manage", "create-superuser", "--username", "other", "--no-input");
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.err()).contains("POBSYNC_SUPERUSER_PASSWORD");
    }

    @Test
    void runsJsonIsAListWithTheDocumentedFieldNames() throws Exception {
        cli.run("manage", "configure-host", "web1", "--address", "a.example", "--path", "/etc");
        assertThat(cli.run("manage", "run-backup", "web1", "--queue").exitCode()).isZero();
        Cli.Result r = cli.run("runs", "--json");
        assertThat(r.exitCode()).isZero();
        var json = org.pobsync.format.Json.MAPPER.readTree(r.out());
        assertThat(json.isArray()).isTrue();
        var run = json.get(0);
        for (String field : List.of("id", "host", "status", "trigger", "dry_run", "queued_at", "started_at",
                "finished_at", "snapshot", "error")) {
            assertThat(run.has(field)).as(field).isTrue();
        }
        assertThat(run.get("status").asString()).isEqualTo("queued");
        assertThat(run.get("queued_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(cli.run("runs", "--status", "bogus").exitCode()).isEqualTo(2);
        Cli.Result cancel = cli.run("manage", "cancel-run", String.valueOf(run.get("id").asLong()));
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cli.run("runs", "--status", "cancelled").out()).contains("web1");
    }

    @Test
    void everyCommandHasHelp() {
        CommandLine root = PobsyncCommand.commandLine(new CliContext(cli.env(), System.out, System.err,
                java.time.Clock.systemUTC()));
        List<List<String>> paths = new java.util.ArrayList<>();
        collect(root, new java.util.ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(15);
        for (List<String> path : paths) {
            List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            Cli.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(path + "\n" + r).isZero();
            assertThat(r.out()).as(path.toString()).contains("Usage:");
        }
        Cli.Result unknown = cli.run("frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
    }

    private static void collect(CommandLine cmd, List<String> prefix, List<List<String>> out) {
        for (var e : cmd.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandName().equals(e.getKey()) || e.getKey().equals("help")) {
                continue; // aliases and the help command
            }
            List<String> path = new java.util.ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            collect(e.getValue(), path, out);
        }
    }
}
