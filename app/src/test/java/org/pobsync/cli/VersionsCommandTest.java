package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.format.Json;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.DeepTree;
import org.pobsync.testsupport.TestDatabase;
import tools.jackson.databind.JsonNode;

/** pobsync versions: three hard-linked snapshots, one file unchanged, one rewritten, one gone and back. */
class VersionsCommandTest {

    @TempDir
    Path dir;

    Cli cli;

    @BeforeEach
    void threeSnapshots() throws Exception {
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("var")));
        Path root = Files.createDirectories(dir.resolve("backups"));
        ok(cli.run("manage", "configure-global", "--backup-root", root.toString()));
        ok(cli.run("manage", "configure-host", "web1", "--address", "web1.example.org", "--path", "/etc"));
        Path host = Files.createDirectories(root.resolve("web1"));
        DeepTree.bash(host, String.join(" && ",
                "mkdir -p 20261101T021500Z/data/etc 20261102T021500Z/data/etc 20261103T021500Z/data/etc",
                "printf one > 20261101T021500Z/data/etc/hosts && printf a > 20261101T021500Z/data/etc/motd",
                "ln 20261101T021500Z/data/etc/hosts 20261102T021500Z/data/etc/hosts",
                "ln 20261101T021500Z/data/etc/hosts 20261103T021500Z/data/etc/hosts",
                "printf b > 20261102T021500Z/data/etc/motd",
                "printf c > 20261103T021500Z/data/etc/motd.new"));
        ok(cli.run("discover-snapshots", "--host", "web1"));
    }

    @AfterEach
    void clean() {
        DeepTree.removeContents(dir);
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void saysSinceWhenAFileIsUnchangedAndWhereItChanged() {
        String out = ok(cli.run("versions", "web1", "/etc/hosts")).out();
        assertThat(out.lines().skip(1).toList()).hasSize(3);
        assertThat(out).contains("20261103T021500Z  complete").contains("unchanged since 20261101T021500Z")
                .contains("first snapshot that holds it");
        String motd = ok(cli.run("versions", "web1", "etc/motd")).out();
        assertThat(motd).contains("changed").doesNotContain("20261103T021500Z");
    }

    @Test
    void jsonHasTheApiFields() {
        JsonNode list = Json.MAPPER.readTree(ok(cli.run("versions", "web1", "/etc/hosts", "--json")).out());
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("snapshot").asString()).isEqualTo("20261103T021500Z");
        assertThat(list.get(0).get("same_as_previous").asBoolean()).isTrue();
        assertThat(list.get(0).get("unchanged_since").asString()).isEqualTo("20261101T021500Z");
        assertThat(list.get(2).get("same_as_previous").isNull()).isTrue();
    }

    @Test
    void badInputIsAOneLineError() {
        Cli.Result r = cli.run("versions", "web1", "../../etc/passwd");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(cli.run("versions", "ghost", "/etc").exitCode()).isEqualTo(1);
        assertThat(ok(cli.run("versions", "web1", "/nothing")).out()).contains("No complete or partial snapshot");
        assertThat(ok(cli.run("versions", "--help")).out()).contains("Usage: pobsync versions", "unchanged since");
    }
}
