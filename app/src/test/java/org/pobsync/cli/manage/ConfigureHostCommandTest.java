package org.pobsync.cli.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.audit.AuditEvent;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/** {@code manage configure-host} through picocli: only the options given change, the whole host is checked. */
class ConfigureHostCommandTest {

    @TempDir
    Path dir;

    private Cli cli;
    private AppContext app;
    private Path dataDir;

    @BeforeEach
    void setUp() {
        dataDir = dir.resolve("var");
        cli = new Cli(TestDatabase.SQLITE.env(dataDir));
        app = AppContext.open(PobsyncSettings.from(cli.env()), java.time.Clock.systemUTC(), 2);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private Cli.Result refused(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        return r;
    }

    @Test
    void createsAHostWithDefaultsForWhatIsNotGiven() {
        Cli.Result r = ok("manage", "configure-host", "web1", "--address", "web1.example.org", "--path", "/etc/");
        assertThat(r.out()).startsWith("created host web1\n");
        Host h = app.hosts().get("web1");
        assertThat(h.sourcePaths()).containsExactly("/etc");
        assertThat(h.transport()).isEqualTo(Transport.SSH);
        assertThat(h.sshPort()).isNull();
        assertThat(h.enabled()).isTrue();
        assertThat(h.retentionOverride()).isNull();
    }

    @Test
    void anUpdateChangesOnlyTheOptionsGivenAndRepeatedListsReplace() {
        ok("manage", "configure-host", "web1", "--address", "web1.example.org", "--user", "backup", "--port", "2222",
                "--path", "/etc", "--path", "/home", "--exclude", "*.tmp", "--rsync-option", "--compress",
                "--bwlimit", "500", "--keep-daily", "7", "--notes", "rack 4");

        Cli.Result r = ok("manage", "configure-host", "web1", "--path", "/srv", "--path", "/var/www", "--keep-weekly", "4");

        assertThat(r.out()).startsWith("updated host web1\n");
        Host h = app.hosts().get("web1");
        assertThat(h.sourcePaths()).containsExactly("/srv", "/var/www");
        assertThat(List.of(h.address(), h.sshUser(), h.notes())).containsExactly("web1.example.org", "backup", "rack 4");
        assertThat(h.sshPort()).isEqualTo(2222);
        assertThat(h.excludes()).containsExactly("*.tmp");
        assertThat(h.rsyncOptions()).containsExactly("--compress");
        assertThat(h.bwlimitKbps()).isEqualTo(500);
        assertThat(h.retentionOverride().keepDaily()).isEqualTo(7);
        assertThat(h.retentionOverride().keepWeekly()).isEqualTo(4);
        assertThat(app.audit().recent(null, "host.update", 10, 0)).singleElement().extracting(AuditEvent::detail)
                .isEqualTo("source_paths: [/etc, /home] → [/srv, /var/www]; retention: keep-daily 7 → keep-daily 7,"
                        + " keep-weekly 4");

        ok("manage", "configure-host", "web1", "--no-excludes", "--port", "0", "--bwlimit", "0", "--inherit-retention");
        h = app.hosts().get("web1");
        assertThat(h.excludes()).isEmpty();
        assertThat(h.sshPort()).as("0: the global default").isNull();
        assertThat(h.bwlimitKbps()).as("0: no limit").isNull();
        assertThat(h.retentionOverride()).isNull();
        assertThat(h.rsyncOptions()).containsExactly("--compress");

        assertThat(ok("manage", "configure-host", "web1", "--path", "/srv", "--path", "/var/www").out())
                .startsWith("host web1 unchanged\n");
    }

    @Test
    void problemsAreOneLineNamingTheOptionsAndNothingIsSaved() {
        ok("manage", "configure-host", "web1", "--address", "web1.example.org", "--path", "/etc");

        Cli.Result r = refused("manage", "configure-host", "web1", "--port", "70000", "--path", "relative",
                "--rsync-option", "--rsh=sh");

        assertThat(r.err()).startsWith("pobsync: --port: 70000 is not a TCP port (1-65535); --path: \"relative\" must be"
                + " an absolute path (starting with /); --rsync-option: \"--rsh=sh\" is refused");
        assertThat(app.hosts().get("web1").sourcePaths()).containsExactly("/etc");
        assertThat(app.hosts().get("web1").sshPort()).isNull();
    }

    @Test
    void boundsOnPathsAndExcludesAreOneLineErrors() {
        List<String> args = new ArrayList<>(List.of("manage", "configure-host", "web1", "--address", "a.example"));
        for (int i = 0; i < 1001; i++) {
            args.add("--path");
            args.add("/srv/p" + i);
        }
        assertThat(refused(args.toArray(String[]::new)).err())
                .isEqualTo("pobsync: --path: 1001 paths are more than the 1000 a host may have; back up a common parent"
                        + " directory instead\n");

        assertThat(refused("manage", "configure-host", "web1", "--address", "a.example", "--path",
                "/" + "x".repeat(100_000)).err()).contains("--path: \"/xxx").contains("is 100001 bytes long; rsync takes at most 4095");
        assertThat(refused("manage", "configure-host", "web1", "--address", "a.example", "--path", "/etc",
                "--exclude", "x".repeat(4096)).err()).contains("--exclude: ").contains("rsync takes at most 4095");
        assertThat(app.hosts().exists("web1")).isFalse();
    }

    @Test
    void aLocalHostMayNotBackUpTheDataDirOrWhatContainsIt() throws Exception {
        Cli.Result inside = refused("manage", "configure-host", "box", "--transport", "local", "--path",
                dataDir.resolve("ssh").toString());
        assertThat(inside.err()).startsWith("pobsync: --path: '" + dataDir.resolve("ssh") + "' is inside pobsync's data dir "
                + dataDir + ": the local transport may not back up pobsync's own files");
        assertThat(refused("manage", "configure-host", "box", "--transport", "local", "--path", "/").err())
                .contains("'/' contains pobsync's data dir " + dataDir);
        Path link = Files.createSymbolicLink(dir.resolve("link"), dataDir);
        assertThat(refused("manage", "configure-host", "box", "--transport", "local", "--path", link + "/ssh").err())
                .contains("is inside pobsync's data dir");
        assertThat(app.hosts().exists("box")).isFalse();

        // The maintainer's command line may create one (the panel needs a superuser).
        ok("manage", "configure-host", "box", "--transport", "local", "--path", dir.resolve("srv").toString());
        assertThat(app.hosts().get("box").address()).isEqualTo("localhost");
    }

    @Test
    void aLocalHostWhosePathLaterLinksIntoTheDataDirIsNotBackedUp() throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        ok("manage", "configure-global", "--backup-root", backups.toString());
        Path srv = dir.resolve("srv");
        ok("manage", "configure-host", "box", "--transport", "local", "--path", srv.toString());
        Files.createSymbolicLink(srv, dataDir);

        Cli.Result r = cli.run("backup", "box");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("error: host box: '" + srv + "' is pobsync's data dir " + dataDir);
        try (var files = Files.walk(backups)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("id_ed25519")
                    || p.getFileName().toString().startsWith("pobsync.sqlite3"))).isEmpty();
        }
    }

    @Test
    void helpStatesTheLimitsAndTheLocalRule() {
        Cli.Result r = ok("manage", "configure-host", "--help");
        assertThat(r.out()).contains("at most 1000 paths and 1000 excludes", "4095 bytes", "32768 bytes",
                "never pobsync's data dir");
    }
}
