package org.pobsync.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.audit.AuditEvent;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.schedule.Schedule;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/** What an import writes, what it reports, and that doing it again changes nothing. */
class LegacyImportTest {

    @TempDir
    Path dir;

    Cli cli;
    AppContext app;
    LegacyFiles files;

    @BeforeEach
    void setUp() {
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("data")));
        app = LegacyRoundTripTest.open(cli.env());
        files = LegacyFiles.good(dir.resolve("opt"), dir.resolve("backups"));
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    Cli.Result importConfigs(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "manage";
        args[1] = "import-configs";
        args[2] = "--prefix=" + files.prefix;
        System.arraycopy(extra, 0, args, 3, extra.length);
        Cli.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void importCreatesEverythingThenReimportChangesNothing() {
        Cli.Result first = importConfigs();
        assertThat(first.out().lines()).containsExactly(
                "created host db1 (config/hosts/db1.yaml)",
                "created host web1 (config/hosts/web1.yaml)",
                "created schedule of web1 (config/hosts/web1.yaml)",
                "updated global configuration (config/global.yaml): backup_root, retention",
                "imported " + files.prefix + ": 3 created, 1 updated, 0 unchanged, 0 left as they are");
        Host web1 = app.hosts().get("web1");
        assertThat(web1.sourcePaths()).containsExactly("/etc", "/srv/www");
        assertThat(web1.excludes()).containsExactly("*.tmp");
        Schedule s = app.schedules().forHost("web1").orElseThrow();
        assertThat(s.cronExpression()).isEqualTo("15 2 * * *");
        assertThat(s.timeZone().getId()).isEqualTo("Europe/Amsterdam");
        assertThat(s.prune()).isTrue();
        int events = audit().size();

        Cli.Result second = importConfigs();
        assertThat(second.out().lines()).containsExactly(
                "unchanged host db1 (config/hosts/db1.yaml)",
                "unchanged host web1 (config/hosts/web1.yaml)",
                "unchanged schedule of web1 (config/hosts/web1.yaml)",
                "unchanged global configuration (config/global.yaml)",
                "imported " + files.prefix + ": 0 created, 0 updated, 4 unchanged, 0 left as they are");
        assertThat(app.hosts().list()).hasSize(2);
        assertThat(app.schedules().list()).hasSize(1);
        assertThat(audit().subList(0, audit().size() - events)).extracting(AuditEvent::action)
                .containsExactly("config.import");
    }

    @Test
    void reimportReplacesListsAndAuditsTheUpdate() {
        importConfigs();
        files.host("web1.yaml", LegacyFiles.WEB1.replace("  - /srv/www\n", "").replace("excludes:\n  - '*.tmp'\n", "")
                .replace("prune: true", "prune: false"));

        Cli.Result r = importConfigs();

        assertThat(r.out()).contains("updated host web1 (config/hosts/web1.yaml): source_paths, excludes",
                "updated schedule of web1 (config/hosts/web1.yaml): schedule.prune", "unchanged host db1");
        Host web1 = app.hosts().get("web1");
        assertThat(web1.sourcePaths()).containsExactly("/etc");
        assertThat(web1.excludes()).isEmpty();
        assertThat(app.schedules().forHost("web1").orElseThrow().prune()).isFalse();
        assertThat(app.hosts().list()).extracting(Host::name).containsExactly("db1", "web1");
        assertThat(app.schedules().list()).hasSize(1);
        assertThat(audit()).filteredOn(e -> "web1".equals(e.target())).extracting(AuditEvent::action)
                .containsExactly("schedule.update", "host.update", "schedule.create", "host.create");
    }

    @Test
    void aFileReplacesWhatTheHostHadInsteadOfMergingWithIt() {
        app.hosts().save("db1", h -> h.address("old.example").sshUser("backup").sshPort(2222)
                .sourcePaths(List.of("/old", "/older")).excludes(List.of("*.bak")).rsyncOptions(List.of("--checksum"))
                .enabled(false).retentionOverride(new RetentionSettings(9, null, null, null, null, 9)),
                Editor.maintainer("test"));

        importConfigs();

        Host db1 = app.hosts().get("db1");
        assertThat(db1.address()).isEqualTo("10.0.0.5");
        assertThat(db1.transport()).isEqualTo(Transport.SSH);
        assertThat(db1.sshUser()).isNull();
        assertThat(db1.sshPort()).isNull();
        assertThat(db1.useSudo()).isFalse();
        assertThat(db1.sourcePaths()).containsExactly("/var/lib/mysql");
        assertThat(db1.excludes()).isEmpty();
        assertThat(db1.rsyncOptions()).isEmpty();
        assertThat(db1.bwlimitKbps()).isNull();
        assertThat(db1.timeoutSeconds()).isNull();
        assertThat(db1.retentionOverride()).isNull();
        assertThat(db1.enabled()).isTrue();
        assertThat(db1.notes()).isNull();
    }

    @Test
    void keysLeftOutTakeTheDocumentedDefaults() {
        files.global("backup_root: " + dir.resolve("root") + "\n")
                .host("box.yaml", "transport: local\nsource_paths: [/srv/]\nretention:\n  keep_last: 2\n");

        importConfigs();

        GlobalConfig g = app.globalConfig().get();
        GlobalConfig defaults = GlobalConfig.defaults(dir.resolve("root"), null);
        assertThat(g.retention()).isEqualTo(GlobalConfig.DEFAULT_RETENTION);
        assertThat(List.of(g.rsyncTimeoutSeconds(), g.maxConcurrentBackups(), g.defaultSshPort(),
                g.staleRunTimeoutSeconds(), g.runLogRetentionDays())).containsExactly(defaults.rsyncTimeoutSeconds(),
                defaults.maxConcurrentBackups(), defaults.defaultSshPort(), defaults.staleRunTimeoutSeconds(),
                defaults.runLogRetentionDays());
        assertThat(g.defaultSshUser()).isEqualTo(defaults.defaultSshUser());
        Host box = app.hosts().get("box");
        assertThat(box.address()).isEqualTo("localhost");
        assertThat(box.sourcePaths()).containsExactly("/srv");
        assertThat(box.retentionOverride()).isEqualTo(new RetentionSettings(2, null, null, null, null, null));
        assertThat(app.schedules().forHost("box")).isEmpty();
    }

    @Test
    void aGlobalRetentionBlockIsTheWholePolicy() {
        files.global("backup_root: " + dir.resolve("root") + "\nretention:\n  keep_last: 5\n");

        importConfigs();

        assertThat(app.globalConfig().get().retention()).isEqualTo(new RetentionSettings(5, null, null, null, null, null));
    }

    @Test
    void aFailedWriteRollsBackEverythingBeforeIt() throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        files.global("backup_root: " + dir.resolve("a-file/root") + "\n");

        Cli.Result r = cli.run("manage", "import-configs", "--prefix", files.prefix.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(2).first().asString()
                .startsWith("config/global.yaml: backup_root: cannot create " + dir.resolve("a-file/root"));
        assertThat(app.hosts().list()).isEmpty();
        assertThat(app.schedules().list()).isEmpty();
        assertThat(audit()).isEmpty();
    }

    @Test
    void dryRunReportsWhatWouldChangeAndWritesNothing() {
        Cli.Result r = importConfigs("--dry-run");

        assertThat(r.out()).contains("would create host web1 (config/hosts/web1.yaml)",
                "would create schedule of web1", "would update global configuration (config/global.yaml): backup_root",
                "dry run, nothing was written: 3 to create, 1 to update, 0 unchanged, 0 left as they are");
        assertThat(app.hosts().list()).isEmpty();
        assertThat(audit()).isEmpty();
    }

    @Test
    void hostsAndSchedulesTheFilesDoNotMentionAreKept() {
        app.hosts().save("other", h -> h.address("other.example").sourcePaths(List.of("/etc")),
                Editor.maintainer("test"));
        app.schedules().configure("other", "0 4 * * *", "UTC", false, true, "test");
        importConfigs();
        files.host("web1.yaml", LegacyFiles.WEB1.substring(0, LegacyFiles.WEB1.indexOf("schedule:")))
                .delete("config/global.yaml").write("config/hosts/README", "not a host");

        Cli.Result r = importConfigs();

        assertThat(r.out()).contains(
                "kept global configuration: no config/global.yaml; left as it is",
                "kept schedule of web1: the file has no schedule block; the stored one is left as it is",
                "kept host other: in the database but has no file; left as it is",
                "ignored config/hosts/README");
        assertThat(app.hosts().list()).extracting(Host::name).containsExactly("db1", "other", "web1");
        assertThat(app.schedules().list()).extracting(Schedule::hostName).containsExactly("other", "web1");
    }

    @Test
    void aPrefixWithoutLegacyConfigurationIsAUsageError() {
        Cli.Result missing = cli.run("manage", "import-configs", "--prefix", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("pobsync: prefix: " + dir.resolve("nope") + " is not a directory\n");

        Cli.Result empty = cli.run("manage", "import_configs", "--prefix", dir.resolve("data").toString());
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(2);
        assertThat(empty.err()).startsWith("pobsync: prefix: no legacy configuration under ")
                .contains("expected config/global.yaml and/or config/hosts/<host>.yaml");
    }

    @Test
    void helpExplainsBothCommands() {
        Cli.Result in = cli.run("manage", "import-configs", "--help");
        assertThat(in.exitCode()).isZero();
        assertThat(in.out()).contains("--prefix=DIR", "--dry-run", "config/global.yaml", "docs/legacy-yaml.md",
                "nothing is written");
        Cli.Result out = cli.run("manage", "export_pobsync_configs", "--help");
        assertThat(out.exitCode()).isZero();
        assertThat(out.out()).contains("--prefix=DIR", "0600", "docs/legacy-yaml.md");
        assertThat(cli.run("manage", "--help").out()).contains("import-configs", "export-configs");
    }

    private List<AuditEvent> audit() {
        return app.audit().recent(null, null, 1000, 0);
    }
}
