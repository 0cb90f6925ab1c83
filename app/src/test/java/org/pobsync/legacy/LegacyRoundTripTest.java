package org.pobsync.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.hosts.HostSpec;
import org.pobsync.schedule.Schedule;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/**
 * Export, import into an empty database, export again: the same bytes and the same database
 * contents, for every field, on both databases.
 */
class LegacyRoundTripTest {

    private static final String ACTOR = "test";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void exportImportExportGivesIdenticalFilesAndDatabase(TestDatabase db) throws IOException {
        Map<String, String> source = db.env(dir.resolve("source"));
        Map<String, String> target = db.env(dir.resolve("target"));
        try (AppContext app = open(source)) {
            populate(app, dir.resolve("backup root ünïcode"));
        }
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");

        Cli.Result exported = new Cli(source).run("manage", "export-configs", "--prefix", first.toString());
        assertThat(exported.exitCode()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("wrote config/global.yaml", "wrote config/hosts/web1.yaml",
                "exported 5 files");
        Cli.Result imported = new Cli(target).run("manage", "import_pobsync_configs", "--prefix", first.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("updated global configuration (config/global.yaml)",
                "created host web1 (config/hosts/web1.yaml)", "created schedule of web1");
        Cli.Result again = new Cli(target).run("manage", "export_configs", "--prefix", second.toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();

        assertThat(tree(second)).isEqualTo(tree(first));
        try (AppContext a = open(source); AppContext b = open(target)) {
            assertThat(config(b)).isEqualTo(config(a));
            assertThat(config(a).hosts()).hasSize(4);
            assertThat(config(a).schedules()).hasSize(3);
        }
        try (Stream<Path> files = Files.walk(second)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    /** A configuration that uses every field, both ways (set and unset), with awkward values. */
    static void populate(AppContext app, Path backupRoot) {
        app.globalConfig().updateReplacingRetention(new GlobalConfigService.Changes(backupRoot.toString(),
                new RetentionSettings(3, null, 14, null, 0, 2), 3600, 4, "backup", 2222, 600, 90), ACTOR);
        Editor by = Editor.maintainer(ACTOR);
        app.hosts().save("web1", h -> h.address("web1.example.org")
                .sshUser("backup").sshPort(2202)
                .sourcePaths(List.of("/etc", "/srv/données/日本語", "/home/user with spaces", "/srv/#not a comment",
                        "/srv/key: value", "/srv/null", "/srv/'single\" double", "/srv/emoji 🎉", "/srv/-dash",
                        "/srv/trailing space ", "/srv/back\\slash"))
                .excludes(List.of("*.tmp", "# not a comment", "-leading-dash", "*.{jpg,png}", "yes", "null", "~",
                        "123", "&anchor", "*alias", "!tag", "%percent", "@at", "back\\slash", "trailing space ",
                        " leading space", "unicode/ñ/**", "key: value", "[bracket]", "{brace}", "|pipe", ">gt",
                        "`backtick`", "\"double\"", "'single'", "? question"))
                .rsyncOptions(List.of("--compress", "--one-file-system", "--acls", "--xattrs", "-H"))
                .retentionOverride(new RetentionSettings(5, null, 0, null, null, null)).enabled(false), by);
        app.hosts().save("web1", h -> h.useSudo(true).bwlimitKbps(5000).timeoutSeconds(900)
                .notes("Line one\nline two: ünïcode ✓\n\ttabbed\n  indented\n# hash\n"), by);
        app.schedules().configure("web1", "15 2 * * 1-5", "Europe/Amsterdam", true, false, ACTOR);
        app.hosts().save("db-2.internal", h -> h.address("10.0.0.5").sourcePaths(List.of("/var/lib/mysql")), by);
        app.schedules().configure("db-2.internal", "0 */6 * * *", "UTC", false, true, ACTOR);
        app.hosts().save("local_box", h -> h.transport(Transport.LOCAL).sourcePaths(List.of("/srv/local"))
                .notes("yes\u0001 control \u007f and \"quotes\"\r\nCRLF, NEL\u0085, LS\u2028, PS\u2029, BOM\ufeff, NBSP\u00a0 "), by);
        app.hosts().save("v6", h -> h.address("fe80::1%eth0").sourcePaths(List.of("/etc"))
                .retentionOverride(new RetentionSettings(0, null, null, null, null, null)), by);
        app.schedules().configure("v6", "*/30 * * * *", "America/Argentina/Buenos_Aires", false, true, ACTOR);
    }

    /** The configuration in the database without ids, times and run state. */
    record Configuration(GlobalConfig global, List<HostSpec> hosts, List<String> schedules) {
    }

    static Configuration config(AppContext app) {
        GlobalConfig g = app.globalConfig().get();
        GlobalConfig global = new GlobalConfig(g.backupRoot(), g.retention(), g.rsyncTimeoutSeconds(),
                g.maxConcurrentBackups(), g.defaultSshUser(), g.defaultSshPort(), g.staleRunTimeoutSeconds(),
                g.runLogRetentionDays(), null);
        List<HostSpec> hosts = app.hosts().list().stream().map(Host::spec).toList();
        List<String> schedules = app.schedules().list().stream().map(LegacyRoundTripTest::describe).toList();
        return new Configuration(global, hosts, schedules);
    }

    private static String describe(Schedule s) {
        return s.hostName() + " " + s.cronExpression() + " " + s.timeZone().getId() + " prune=" + s.prune()
                + " enabled=" + s.enabled();
    }

    static AppContext open(Map<String, String> env) {
        return AppContext.open(PobsyncSettings.from(env), Clock.systemDefaultZone(), 2);
    }

    /** Every file under root, by relative path, as bytes rendered for a readable diff. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), new String(Files.readAllBytes(p),
                        java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }
}
