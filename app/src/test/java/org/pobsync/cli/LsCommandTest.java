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
import org.pobsync.testsupport.TrickyTree;
import tools.jackson.databind.JsonNode;

/** pobsync ls: a snapshot's directory as an operator reads it, and as a script reads it (--json). */
class LsCommandTest {

    static final String SNAP = "20261120T021500Z";

    @TempDir
    Path dir;

    Cli cli;

    @BeforeEach
    void snapshotFoundOnDisk() throws Exception {
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("var")));
        Path root = Files.createDirectories(dir.resolve("backups"));
        ok(cli.run("manage", "configure-global", "--backup-root", root.toString()));
        ok(cli.run("manage", "configure-host", "web1", "--address", "web1.example.org", "--path", "/etc"));
        TrickyTree.create(Files.createDirectories(root.resolve("web1/" + SNAP + "/data")));
        ok(cli.run("discover-snapshots", "--host", "web1"));
    }

    @AfterEach
    void removeReadOnlyTrees() {
        DeepTree.removeContents(dir);
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void listsLikeLsWithNumericOwnersAndEscapedNames() {
        Cli.Result r = ok(cli.run("ls", "web1", "latest", "/"));
        assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("MODE").contains("LINKS", "OWNER", "NAME");
        assertThat(r.out()).contains("-rwsr-xr-x", "caf\\xe9", "new\\nline", "deep/", "-leading-dash", "prw-r--r--");
        assertThat(r.out().lines().filter(l -> l.contains("new\\nline"))).hasSize(1);
        assertThat(ok(cli.run("ls", "web1", SNAP, "/etc")).out()).contains("evil -> /etc/shadow", "up -> ../../..");
        assertThat(ok(cli.run("ls", "web1", SNAP, "etc/hosts")).out().lines()).hasSize(2);
    }

    @Test
    void jsonHasTheApiFields() {
        JsonNode list = Json.MAPPER.readTree(ok(cli.run("ls", "web1", SNAP, "/etc", "--json")).out());
        JsonNode first = list.get(0);
        assertThat(first.get("name").asString()).isEqualTo("ssh");
        assertThat(first.get("type").asString()).isEqualTo("directory");
        assertThat(first.has("link_target")).isTrue();
        assertThat(first.get("path").asString()).isEqualTo("/etc/ssh");
    }

    @Test
    void escapedNamesAreAcceptedBack() {
        assertThat(ok(cli.run("ls", "web1", SNAP, "/caf\\xe9")).out()).contains("caf\\xe9");
    }

    @Test
    void badPathsAndUnknownSnapshotsAreOneLineErrors() {
        Cli.Result dotDot = cli.run("ls", "web1", SNAP, "/etc/../..");
        assertThat(dotDot.exitCode()).isEqualTo(2);
        assertThat(dotDot.err().strip().lines()).hasSize(1);
        assertThat(dotDot.err()).startsWith("pobsync: ").contains("not allowed");
        Cli.Result throughLink = cli.run("ls", "web1", SNAP, "/etc/up/etc");
        assertThat(throughLink.exitCode()).isEqualTo(1);
        assertThat(throughLink.err()).contains("symbolic link");
        assertThat(cli.run("ls", "web1", "20990101T000000Z").exitCode()).isEqualTo(1);
        assertThat(cli.run("ls", "ghost", "latest").err()).contains("ghost");
        assertThat(cli.run("ls", "web1", SNAP, "/missing").err()).contains("does not exist");
        assertThat(cli.run("ls", "web1", SNAP, "--limit", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void helpSaysWhatItDoes() {
        assertThat(ok(cli.run("ls", "--help")).out()).contains("Usage: pobsync ls", "SNAPSHOT", "latest", "--json");
    }
}
