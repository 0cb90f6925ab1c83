package org.pobsync.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pobsync.app.AppContext;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/**
 * A broken legacy layout is refused as a whole: every problem on its own line with its file and
 * key, exit code 2, and the database exactly as it was. One database serves every case, which
 * is itself the check that no case wrote anything.
 */
class LegacyMalformedYamlTest {

    @TempDir
    static Path shared;

    static Cli cli;
    static AppContext app;
    static String before;

    @TempDir
    Path dir;

    LegacyFiles files;

    @BeforeAll
    static void importAGoodConfiguration() {
        cli = new Cli(TestDatabase.SQLITE.env(shared.resolve("data")));
        LegacyFiles.good(shared.resolve("good"), shared.resolve("backups"));
        Cli.Result r = cli.run("manage", "import-configs", "--prefix", shared.resolve("good").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        app = LegacyRoundTripTest.open(cli.env());
        before = state();
    }

    @AfterAll
    static void close() {
        app.close();
    }

    @BeforeEach
    void goodFiles() {
        files = LegacyFiles.good(dir, shared.resolve("backups"));
    }

    /** The configuration and the size of the audit log: any write changes one of them. */
    static String state() {
        return LegacyRoundTripTest.config(app) + " audit=" + app.audit().recent(null, null, 100_000, 0).size();
    }

    record Case(String name, UnaryOperator<LegacyFiles> breakIt, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, UnaryOperator<LegacyFiles> breakIt, String... expected) {
        return new Case(name, breakIt, List.of(expected));
    }

    static Stream<Case> cases() {
        String web1 = LegacyFiles.WEB1;
        return Stream.of(
                c("YAML syntax error", f -> f.host("web1.yaml", "address: web1\nsource_paths: [/etc\nnotes: x\n"),
                        "config/hosts/web1.yaml: YAML syntax error: ", "(line 3, column "),
                c("text where a number is expected", f -> f.host("web1.yaml", web1 + "ssh_port: twenty-two\n"),
                        "config/hosts/web1.yaml: ssh_port: expected a whole number, got the text 'twenty-two' (line 13)"),
                c("a mapping where a list is expected", f -> f.host("db1.yaml", LegacyFiles.DB1
                                .replace("[/var/lib/mysql]", "{path: /var/lib/mysql}")),
                        "config/hosts/db1.yaml: source_paths: expected a list (one '- item' per line), got a mapping (line 3)"),
                c("a number in a list of text", f -> f.host("web1.yaml", web1.replace("'*.tmp'", "123")),
                        "config/hosts/web1.yaml: excludes[0]: expected text, got the number 123 (put it in quotes) (line 6)"),
                c("a word where a boolean is expected", f -> f.host("web1.yaml", web1 + "enabled: maybe\n"),
                        "config/hosts/web1.yaml: enabled: expected true or false, got the text 'maybe'"),
                c("quoted number in the global file", f -> f.global(LegacyFiles.global(shared.resolve("backups"))
                                + "max_concurrent_backups: '4'\n"),
                        "config/global.yaml: max_concurrent_backups: expected a whole number, got the text '4'"),
                c("a number too large", f -> f.host("web1.yaml", web1 + "bwlimit: 99999999999\n"),
                        "config/hosts/web1.yaml: bwlimit: the number 99999999999 is out of range"),
                c("unknown key", f -> f.host("web1.yaml", web1 + "sorce_paths: [/home]\n"),
                        "config/hosts/web1.yaml: sorce_paths: unknown key (known keys here: host, address,"),
                c("unknown key in the schedule", f -> f.host("web1.yaml", web1 + "  cronn: 0 3 * * *\n"),
                        "config/hosts/web1.yaml: schedule.cronn: unknown key (known keys here: cron, time_zone, prune, enabled) (line 13)"),
                c("unknown retention rule", f -> f.global(LegacyFiles.global(shared.resolve("backups"))
                                .replace("keep_weekly", "keep_weakly")),
                        "config/global.yaml: retention.keep_weakly: unknown key"),
                c("key given twice", f -> f.host("db1.yaml", LegacyFiles.DB1 + "address: 10.0.0.6\n"),
                        "config/hosts/db1.yaml: address: appears twice (first on line 2) (line 4)"),
                c("ssh host without address", f -> f.host("db1.yaml", LegacyFiles.DB1.replace("address: 10.0.0.5\n", "")),
                        "config/hosts/db1.yaml: address: is required"),
                c("host without source paths", f -> f.host("db1.yaml", "address: 10.0.0.5\n"),
                        "config/hosts/db1.yaml: source_paths: is required"),
                c("empty source path list", f -> f.host("db1.yaml", "address: 10.0.0.5\nsource_paths: []\n"),
                        "config/hosts/db1.yaml: source_paths: at least one absolute path is required"),
                c("schedule without cron", f -> f.host("db1.yaml", LegacyFiles.DB1 + "schedule:\n  prune: true\n"),
                        "config/hosts/db1.yaml: schedule.cron: is required"),
                c("global file without backup root", f -> f.global("rsync_timeout: 1800\n"),
                        "config/global.yaml: backup_root: is required"),
                c("host key ../x", f -> f.host("web1.yaml", "host: ../x\n" + web1),
                        "config/hosts/web1.yaml: host: '../x' does not match the file name (web1.yaml)"),
                c("file name -rf", f -> f.host("-rf.yaml", LegacyFiles.DB1.replace("host: db1\n", "")),
                        "config/hosts/-rf.yaml: the file name is not a valid host name: \"-rf\" is not a valid host name"),
                c("upper-case file name", f -> f.host("Web1.yaml", web1),
                        "config/hosts/Web1.yaml: the file name is not a valid host name: \"Web1\""),
                c("dot-dot file name", f -> f.host("..x.yaml", web1),
                        "config/hosts/..x.yaml: the file name is not a valid host name: \"..x\""),
                c("invalid cron", f -> f.host("web1.yaml", web1.replace("15 2 * * *", "61 2 * * *")),
                        "config/hosts/web1.yaml: schedule.cron: invalid cron expression '61 2 * * *'"),
                c("cron with six fields", f -> f.host("web1.yaml", web1.replace("15 2 * * *", "0 15 2 * * *")),
                        "config/hosts/web1.yaml: schedule.cron: cron expression '0 15 2 * * *' must have 5 fields"),
                c("invalid time zone", f -> f.host("web1.yaml", web1.replace("Europe/Amsterdam", "Mars/Olympus_Mons")),
                        "config/hosts/web1.yaml: schedule.time_zone: unknown time zone 'Mars/Olympus_Mons'"),
                c("relative source path", f -> f.host("web1.yaml", web1.replace("/srv/www", "srv/www")),
                        "config/hosts/web1.yaml: source_paths: \"srv/www\" must be an absolute path (starting with /) (line 3)"),
                c("refused rsync option", f -> f.host("web1.yaml", web1.replace("--compress", "--rsh=x")),
                        "config/hosts/web1.yaml: rsync_options: \"--rsh=x\" is refused: pobsync sets the remote shell itself"),
                c("source path longer than rsync takes", f -> f.host("web1.yaml", web1.replace("/srv/www",
                                "/" + "x".repeat(5000))),
                        "config/hosts/web1.yaml: source_paths: \"/xxx", "...\" is 5001 bytes long; rsync takes at most 4095"
                                + " (line 3)"),
                c("more excludes than a host may have", f -> f.host("db1.yaml", LegacyFiles.DB1 + "excludes: ["
                                + String.join(", ", java.util.Collections.nCopies(1001, "'*.tmp'")) + "]\n"),
                        "config/hosts/db1.yaml: excludes: 1001 patterns are more than the 1000 a host may have; use"
                                + " wildcards (*, **) to cover several paths with one pattern (line 4)"),
                c("local host that would back up pobsync's data dir", f -> f.host("box.yaml",
                                "transport: local\nsource_paths: [" + shared.resolve("data").resolve("ssh") + "]\n"),
                        "config/hosts/box.yaml: source_paths: '" + shared.resolve("data").resolve("ssh")
                                + "' is inside pobsync's data dir " + shared.resolve("data"), "(line 2)"),
                c("address that ssh would read as an option", f -> f.host("db1.yaml",
                                LegacyFiles.DB1.replace("10.0.0.5", "-oProxyCommand=x")),
                        "config/hosts/db1.yaml: address: \"-oProxyCommand=x\" may not start with '-'"),
                c("unknown transport", f -> f.host("db1.yaml", LegacyFiles.DB1 + "transport: rsh\n"),
                        "config/hosts/db1.yaml: transport: expected ssh or local, got 'rsh'"),
                c("global value out of range", f -> f.global(LegacyFiles.global(shared.resolve("backups"))
                                .replace("1800", "5")),
                        "config/global.yaml: rsync_timeout: must be between 10 and 604800, got 5"),
                c("negative retention rule", f -> f.global(LegacyFiles.global(shared.resolve("backups"))
                                .replace("keep_daily: 7", "keep_daily: -1")),
                        "config/global.yaml: retention.keep_daily: must be between 0 and 100000, got -1"),
                c("empty retention override", f -> f.host("db1.yaml", LegacyFiles.DB1 + "retention: {}\n"),
                        "config/hosts/db1.yaml: retention: an override needs at least one rule"),
                c("a Java type tag", f -> f.host("db1.yaml", LegacyFiles.DB1 + "notes: !!java.io.File /etc/passwd\n"),
                        "config/hosts/db1.yaml: YAML syntax error: Global tag is not allowed:"
                                + " tag:yaml.org,2002:java.io.File (line 4, column 8)"),
                c("a local tag", f -> f.host("db1.yaml", LegacyFiles.DB1 + "notes: !secret hunter2\n"),
                        "config/hosts/db1.yaml: notes: expected text, got a value tagged '!secret' (line 4)"),
                c("a .yml host file", f -> f.host("web2.yml", web1),
                        "config/hosts/web2.yml: host files end in .yaml; rename it to web2.yaml"),
                c("a list at the top", f -> f.host("db1.yaml", "- address: 10.0.0.5\n"),
                        "config/hosts/db1.yaml: expected a mapping of keys, got a list (line 1)"),
                c("an empty file", f -> f.host("db1.yaml", ""),
                        "config/hosts/db1.yaml: is empty"),
                c("not UTF-8", f -> f.write("config/hosts/db1.yaml", "notes: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)),
                        "config/hosts/db1.yaml: is not UTF-8 text"),
                c("alias bomb", f -> f.host("db1.yaml", LegacyFiles.DB1 + aliasBomb()),
                        "config/hosts/db1.yaml: YAML syntax error: Number of aliases for non-scalar nodes exceeds the specified max"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithFileAndKeyAndNothingWritten(Case c) {
        // Through the service, which is fast; the CLI's rendering of the same problems is pinned below.
        c.breakIt().apply(files);
        LegacyImportRefusedException refused = catchThrowableOfType(LegacyImportRefusedException.class,
                () -> app.legacyImport().importConfigs(dir, false, "test"));
        assertThat(refused).as("refused").isNotNull();
        List<String> problems = refused.problems().stream().map(Object::toString).toList();
        assertThat(problems).hasSize(1);
        for (String expected : c.expected()) {
            assertThat(problems.get(0)).contains(expected);
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void everyProblemOfEveryFileIsListedOnItsOwnLine() {
        files.global("backup_root: relative/root\nmax_concurrent_backups: many\n")
                .host("web1.yaml", LegacyFiles.WEB1.replace("15 2 * * *", "every night")
                        .replace("Europe/Amsterdam", "Nowhere") + "use_sudo: please\n")
                .host("db1.yaml", "host: db2\nsource_paths: [relative]\n")
                .host("Bad.yaml", LegacyFiles.DB1.replace("host: db1\n", ""));
        Cli.Result r = cli.run("manage", "import-configs", "--prefix", dir.toString(), "--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(r.toString()).containsExactly(
                "config/global.yaml: max_concurrent_backups: expected a whole number, got the text 'many' (line 2)",
                "config/hosts/Bad.yaml: the file name is not a valid host name: \"Bad\" is not a valid host name"
                        + " (lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63)",
                "config/hosts/db1.yaml: host: 'db2' does not match the file name (db1.yaml): rename the file or fix the key"
                        + " (line 1)",
                "config/hosts/db1.yaml: address: is required (the host name or IP address pobsync connects to over ssh)"
                        + " (line 1)",
                "config/hosts/web1.yaml: schedule.cron: cron expression 'every night' must have 5 fields: minute hour"
                        + " day-of-month month day-of-week, e.g. \"15 2 * * *\" (line 10)",
                "config/hosts/web1.yaml: schedule.time_zone: unknown time zone 'Nowhere': use a region name such as"
                        + " Europe/Amsterdam or UTC (line 11)",
                "config/hosts/web1.yaml: use_sudo: expected true or false, got the text 'please' (line 13)",
                "pobsync: 7 problems in the legacy configuration under " + dir + "; nothing was imported");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void valueErrorsAreFoundInEveryFileBeforeAnythingIsWritten() {
        // Well-formed files whose values the services refuse: the first file is fine, the last is not.
        files.host("aaa.yaml", "address: aaa.example\nsource_paths: [/etc]\n")
                .host("zzz.yaml", "address: zzz.example\nsource_paths: [/etc, /etc/*]\n");
        Cli.Result r = cli.run("manage", "import-configs", "--prefix", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("config/hosts/zzz.yaml: source_paths: \"/etc/*\" may not contain the wildcard");
        assertThat(state()).isEqualTo(before);
        assertThat(app.hosts().exists("aaa")).isFalse();
    }

    private static String aliasBomb() {
        StringBuilder sb = new StringBuilder("bomb:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
        String prev = "a";
        for (String n : List.of("b", "c", "d", "e", "f", "g")) {
            sb.append("  ").append(n).append(": &").append(n).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            sb.append("]\n");
            prev = n;
        }
        return sb.toString();
    }
}
