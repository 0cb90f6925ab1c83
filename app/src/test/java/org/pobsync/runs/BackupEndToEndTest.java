package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.format.Json;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestClock;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;
import org.pobsync.testsupport.TreeComparison;
import tools.jackson.databind.JsonNode;

/**
 * The operator's path from the README, through the real CLI entry point against a real sshd:
 * generate the server key, configure a host, pin its key, test the connection, back up twice.
 * The CLI gets a clock the test moves on before each backup (a snapshot is named by its start
 * second), so no test waits for the real clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupEndToEndTest {

    @TempDir
    static Path dir;

    LoopbackSshd sshd;
    final TestClock clock = TestClock.at("2026-03-01T02:15:00Z");
    Cli cli;
    Path source;
    Path backupRoot;

    @BeforeAll
    void setUp() throws Exception {
        sshd = LoopbackSshd.start();
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("var")), clock);
        source = dir.resolve("src");
        backupRoot = dir.resolve("backups");
        TestTree.tree()
                .dir("etc", 0755)
                .file("etc/hosts", "127.0.0.1 localhost\n", 0644)
                .file("etc/secret", "s3cret\n", 0600)
                .emptyFile("etc/empty")
                .symlink("etc/link", "hosts")
                .symlink("etc/dangling", "does/not/exist")
                .hardlink("etc/hosts.hardlink", "etc/hosts")
                .dir("home", 0755)
                .file("home/name with spaces.txt", "spaces\n")
                .file("home/ünïcødé.txt", "unicode\n")
                .file("home/-leading-dash", "dash\n")
                .file("home/glob*?[x].txt", "glob\n")
                .largeFile("home/large.bin", 8L * 1024 * 1024, 7)
                .create(source);
    }

    @AfterAll
    void tearDown() {
        sshd.close();
    }

    @Test
    @Order(1)
    void operatorConfiguresKeysAndHost() {
        ok(cli.run("manage", "configure-global", "--backup-root", backupRoot.toString()));
        Cli.Result key = ok(cli.run("manage", "ssh-key", "--generate"));
        assertThat(key.out()).contains("ssh-ed25519", "fingerprint: SHA256:", "rrsync");
        sshd.authorizeOnly(List.of(dir.resolve("var/ssh/id_ed25519.pub")));

        ok(cli.run("manage", "configure-host", "web1", "--address", sshd.address(), "--port",
                String.valueOf(sshd.port()), "--user", sshd.user(), "--path", source.resolve("etc").toString(),
                "--path", source.resolve("home").toString()));

        Cli.Result notPinned = cli.run("backup", "web1");
        assertThat(notPinned.exitCode()).isEqualTo(1);
        assertThat(notPinned.out()).contains("not pinned");

        Cli.Result scan = cli.run("manage", "host-key", "web1", "--scan");
        assertThat(scan.exitCode()).isEqualTo(3);
        assertThat(scan.out()).contains("ssh-ed25519 SHA256:", "not pinned");
        Cli.Result wrong = cli.run("manage", "host-key", "web1", "--scan", "--fingerprint", "SHA256:bogus");
        assertThat(wrong.exitCode()).isEqualTo(1);
        ok(cli.run("manage", "host-key", "web1", "--scan", "--yes"));
        Cli.Result test = ok(cli.run("manage", "test-connection", "web1"));
        assertThat(test.out()).contains("connected", "rsync");
    }

    @Test
    @Order(2)
    void firstBackupIsAnExactCopy() throws Exception {
        Cli.Result r = ok(cli.run("backup", "web1"));
        assertThat(r.out()).contains("succeeded", "snapshot ");
        JsonNode run = lastRun();
        assertThat(run.get("status").asString()).isEqualTo("succeeded");
        String snapshot = run.get("snapshot").asString();
        assertThat(snapshot).as("named by the start time, in UTC").isEqualTo("20260301T021500Z");
        Path data = backupRoot.resolve("web1").resolve(snapshot).resolve("data");
        TreeComparison.assertSameTree(source.resolve("etc"), data.resolve(source.resolve("etc").toString().substring(1)));
        TreeComparison.assertSameTree(source.resolve("home"), data.resolve(source.resolve("home").toString().substring(1)));
        assertThat(backupRoot.resolve("web1").resolve(snapshot).resolve("snapshot.json")).exists();
    }

    @Test
    @Order(3)
    void secondBackupHardLinksUnchangedFilesAndCarriesChanges() throws Exception {
        String first = lastRun().get("snapshot").asString();
        nextBackupLater();
        TestTree.rewrite(source.resolve("home/name with spaces.txt"), "changed\n", Instant.parse("2025-01-01T00:00:00Z"));
        Files.delete(source.resolve("etc/empty"));
        ok(cli.run("backup", "web1"));
        JsonNode run = lastRun();
        String second = run.get("snapshot").asString();
        assertThat(second).isNotEqualTo(first).isEqualTo("20260301T021600Z");
        Path a = backupRoot.resolve("web1").resolve(first).resolve("data").resolve(source.toString().substring(1));
        Path b = backupRoot.resolve("web1").resolve(second).resolve("data").resolve(source.toString().substring(1));
        assertThat(TreeComparison.inode(b.resolve("home/large.bin"))).isEqualTo(TreeComparison.inode(a.resolve("home/large.bin")));
        assertThat(TreeComparison.inode(b.resolve("etc/hosts"))).isEqualTo(TreeComparison.inode(a.resolve("etc/hosts")));
        assertThat(Files.readString(b.resolve("home/name with spaces.txt"))).isEqualTo("changed\n");
        assertThat(b.resolve("etc/empty")).doesNotExist();
        assertThat(a.resolve("etc/empty")).exists();
        Cli.Result runs = ok(cli.run("runs", "--host", "web1"));
        assertThat(runs.out()).contains("succeeded");
    }

    @Test
    @Order(4)
    void dryRunCreatesNoSnapshot() throws Exception {
        long before;
        try (var s = Files.list(backupRoot.resolve("web1"))) {
            before = s.count();
        }
        Cli.Result r = ok(cli.run("backup", "web1", "--dry-run"));
        assertThat(r.out()).contains("dry run");
        try (var s = Files.list(backupRoot.resolve("web1"))) {
            assertThat(s.count()).isEqualTo(before);
        }
    }

    @Test
    @Order(5)
    void failedBackupIsLeftIncompleteAndNextOneLinksToLastComplete() throws Exception {
        String lastGood = lastRun(true).get("snapshot").asString();
        ok(cli.run("manage", "configure-host", "web1", "--path", source.resolve("etc").toString(), "--path",
                "/nonexistent/pobsync-test"));
        nextBackupLater();
        Cli.Result partial = cli.run("backup", "web1");
        // One of two source paths is missing: rsync transfers the rest and exits 23 (a warning).
        assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(3);
        assertThat(partial.out()).contains("warning");

        ok(cli.run("manage", "configure-host", "web1", "--path", "/nonexistent/pobsync-test"));
        nextBackupLater();
        Cli.Result failed = cli.run("backup", "web1");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).contains("remote path missing");
        JsonNode run = lastRun();
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(backupRoot.resolve("web1").resolve(run.get("snapshot").asString() + ".incomplete")).isDirectory();

        ok(cli.run("manage", "configure-host", "web1", "--path", source.resolve("etc").toString(), "--path",
                source.resolve("home").toString()));
        nextBackupLater();
        ok(cli.run("backup", "web1"));
        JsonNode good = lastRun();
        assertThat(good.get("base_snapshot").asString()).isNotEqualTo(run.get("snapshot").asString());
        assertThat(good.get("base_snapshot").asString()).isGreaterThanOrEqualTo(lastGood);
    }

    @Test
    @Order(6)
    void discoveryFindsWhatTheBackupsWroteAndChangesNothing() throws Exception {
        Cli.Result first = ok(cli.run("discover-snapshots", "--host", "web1"));
        assertThat(first.out()).contains("0 new", "0 marked missing");
        Cli.Result again = ok(cli.run("discover-snapshots", "--host", "web1"));
        assertThat(again.out()).contains("0 new, 0 updated, 0 marked missing");
    }

    @Test
    @Order(7)
    void backupWithPruneAppliesTheHostPolicyAfterwards() throws Exception {
        ok(cli.run("manage", "configure-host", "web1", "--keep-last", "2"));
        nextBackupLater();
        Cli.Result r = ok(cli.run("backup", "web1", "--prune"));
        assertThat(r.out()).contains("succeeded");
        try (var dirs = Files.list(backupRoot.resolve("web1"))) {
            List<String> names = dirs.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
            // keep-last 2 keeps the two newest complete snapshots; older ones and the stale
            // .incomplete are gone.
            assertThat(names).hasSize(2).noneMatch(n -> n.endsWith(".incomplete"));
        }
        Cli.Result plan = ok(cli.run("retention", "web1"));
        assertThat(plan.out()).contains("0 of ");
    }

    /** The next backup starts a minute later: its snapshot gets its own name, as in real life. */
    private void nextBackupLater() {
        clock.advance(Duration.ofMinutes(1));
    }

    private JsonNode lastRun() throws Exception {
        return lastRun(false);
    }

    private JsonNode lastRun(boolean usable) throws Exception {
        JsonNode runs = Json.MAPPER.readTree(ok(cli.run("runs", "--host", "web1", "--json")).out());
        for (JsonNode r : runs) {
            String status = r.get("status").asString();
            if (!usable || (!r.get("dry_run").asBoolean() && (status.equals("succeeded") || status.equals("warning")))) {
                return r;
            }
        }
        throw new AssertionError("no run");
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
