package org.pobsync.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/** The export writes its own files, privately and atomically, and touches nothing else. */
class LegacyExportTest {

    @TempDir
    Path dir;

    Cli cli;
    Path prefix;

    @BeforeEach
    void setUp() {
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("data")));
        prefix = dir.resolve("export");
        try (AppContext app = LegacyRoundTripTest.open(cli.env())) {
            app.hosts().save("web1", h -> h.address("web1.example.org").sourcePaths(List.of("/etc")),
                    Editor.maintainer("test"));
        }
    }

    Cli.Result export() {
        Cli.Result r = cli.run("manage", "export-configs", "--prefix", prefix.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void createsTheLayoutWithPrivateFilesAndDirectories() throws IOException {
        Cli.Result r = export();

        assertThat(r.out().lines()).containsExactly("wrote config/global.yaml", "wrote config/hosts/web1.yaml",
                "exported 2 files to " + prefix + " (2 written, 0 unchanged)");
        assertThat(mode(prefix.resolve("config/global.yaml"))).isEqualTo("rw-------");
        assertThat(mode(prefix.resolve("config/hosts/web1.yaml"))).isEqualTo("rw-------");
        assertThat(mode(prefix.resolve("config/hosts"))).isEqualTo("rwx------");
        assertThat(Files.readString(prefix.resolve("config/hosts/web1.yaml")))
                .startsWith("# pobsync legacy configuration: host web1")
                .contains("host: web1\naddress: web1.example.org\ntransport: ssh\n", "source_paths:\n  - /etc\n",
                        "schedule: null\n");
        try (var s = Files.list(prefix.resolve("config/hosts"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("web1.yaml");
        }
    }

    @Test
    void exportingAgainRewritesNothingButTightensTheMode() throws IOException {
        export();
        Files.setPosixFilePermissions(prefix.resolve("config/global.yaml"), PosixFilePermissions.fromString("rw-r--r--"));

        Cli.Result r = export();

        assertThat(r.out()).contains("unchanged config/global.yaml", "unchanged config/hosts/web1.yaml",
                "(0 written, 2 unchanged)");
        assertThat(mode(prefix.resolve("config/global.yaml"))).isEqualTo("rw-------");
    }

    @Test
    void otherFilesAreLeftAloneAndStrayHostFilesAreReported() throws IOException {
        LegacyFiles other = new LegacyFiles(prefix).write("README", "mine").write("config/cron.d/pobsync", "old cron")
                .host("retired.yaml", "address: retired.example\n").host("web1.yaml", "stale: true\n");

        Cli.Result r = export();

        assertThat(r.out()).contains("wrote config/hosts/web1.yaml",
                "left config/hosts/retired.yaml as it is: no such host in the database");
        assertThat(other.read("README")).isEqualTo("mine");
        assertThat(other.read("config/cron.d/pobsync")).isEqualTo("old cron");
        assertThat(other.read("config/hosts/retired.yaml")).isEqualTo("address: retired.example\n");
        assertThat(other.read("config/hosts/web1.yaml")).contains("address: web1.example.org");
    }

    @Test
    void aSymbolicLinkIsReplacedNotWrittenThrough() throws IOException {
        Path outside = dir.resolve("outside.txt");
        Files.writeString(outside, "precious");
        Files.createDirectories(prefix.resolve("config/hosts"));
        Files.createSymbolicLink(prefix.resolve("config/hosts/web1.yaml"), outside);

        export();

        assertThat(Files.readString(outside)).isEqualTo("precious");
        assertThat(Files.isRegularFile(prefix.resolve("config/hosts/web1.yaml"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(mode(prefix.resolve("config/hosts/web1.yaml"))).isEqualTo("rw-------");
    }

    @Test
    void aPrefixThatIsAFileIsAUsageError() throws IOException {
        Files.writeString(prefix, "x");

        Cli.Result r = cli.run("manage", "export_configs", "--prefix", prefix.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pobsync: prefix: " + prefix + " exists and is not a directory\n");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
