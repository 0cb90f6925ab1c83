package org.pobsync.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/**
 * {@code manage import-configs} reads only what is really under the prefix: a symbolic link
 * anywhere below it (a host file, global.yaml, config/hosts, config) is a problem of its own,
 * never followed, so no line of a file elsewhere (say /etc/shadow) can reach the output or the
 * database. The prefix itself may be a link: the operator named it.
 */
class LegacySymlinkTest {

    private static final String OUTSIDE_SECRET = "s3cret-from-outside-the-prefix";

    @TempDir
    Path dir;

    Cli cli;
    AppContext app;
    LegacyFiles files;
    Path outside;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("data")));
        app = LegacyRoundTripTest.open(cli.env());
        files = LegacyFiles.good(dir.resolve("opt"), dir.resolve("backups"));
        outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(outside.resolve("valid.yaml"), LegacyFiles.WEB1);
        Files.writeString(outside.resolve("shadow"), "root:" + OUTSIDE_SECRET + ":19000:0:99999:7:::\n"
                + "address: [" + OUTSIDE_SECRET + "\n");
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Test
    void aLinkedHostFileIsRefusedAndNotRead() throws Exception {
        link("config/hosts/web1.yaml", outside.resolve("valid.yaml"));
        link("config/hosts/db1.yaml", outside.resolve("shadow"));
        Cli.Result r = cli.run("manage", "import-configs", "--prefix", files.prefix.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("config/hosts/web1.yaml", "config/hosts/db1.yaml", "symbolic link");
        assertThat(r.out() + r.err()).doesNotContain(OUTSIDE_SECRET);
        assertThat(app.hosts().list()).isEmpty();
    }

    @Test
    void aLinkedGlobalFileIsRefusedAndNotRead() throws Exception {
        link("config/global.yaml", outside.resolve("shadow"));
        Cli.Result r = cli.run("manage", "import-configs", "--prefix", files.prefix.toString(), "--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("config/global.yaml", "symbolic link");
        assertThat(r.out() + r.err()).doesNotContain(OUTSIDE_SECRET);
    }

    @Test
    void linkedDirectoriesBelowThePrefixAreRefused() throws Exception {
        Files.createDirectories(outside.resolve("hosts"));
        Files.writeString(outside.resolve("hosts/web9.yaml"), LegacyFiles.WEB1);
        deleteTree(files.prefix.resolve("config/hosts"));
        link("config/hosts", outside.resolve("hosts"));
        Cli.Result r = cli.run("manage", "import-configs", "--prefix", files.prefix.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("config/hosts", "symbolic link");
        assertThat(app.hosts().list()).isEmpty();

        Path config = Files.createDirectories(outside.resolve("config/hosts"));
        Files.writeString(config.resolve("web9.yaml"), LegacyFiles.WEB1);
        deleteTree(files.prefix.resolve("config"));
        link("config", outside.resolve("config"));
        r = cli.run("manage", "import-configs", "--prefix", files.prefix.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("symbolic link");
        assertThat(app.hosts().list()).isEmpty();
    }

    @Test
    void thePrefixItselfMayBeALink() throws Exception {
        Path linked = Files.createSymbolicLink(dir.resolve("opt-link"), files.prefix);
        Cli.Result r = cli.run("manage", "import-configs", "--prefix", linked.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(app.hosts().list()).hasSize(2);
    }

    private void link(String relative, Path target) throws Exception {
        Path link = files.prefix.resolve(relative);
        Files.deleteIfExists(link);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, target);
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
