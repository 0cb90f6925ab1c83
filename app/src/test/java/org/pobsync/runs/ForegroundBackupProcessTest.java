package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.format.Json;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;
import tools.jackson.databind.JsonNode;

/**
 * Foreground backups as separate processes: two at once for one host (exactly one runs, the
 * other fails fast with "host busy"), and SIGTERM (what Ctrl-C and systemd send) cancelling a
 * running backup cleanly — the run is recorded as cancelled and no rsync or ssh is left.
 */
class ForegroundBackupProcessTest {

    @TempDir
    static Path dir;

    static LoopbackSshd sshd;
    static Cli cli;

    @BeforeAll
    static void setUp() {
        sshd = LoopbackSshd.start();
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("var")));
        ok(cli.run("manage", "configure-global", "--backup-root", dir.resolve("backups").toString()));
        ok(cli.run("manage", "ssh-key", "--generate"));
        sshd.authorizeOnly(List.of(dir.resolve("var/ssh/id_ed25519.pub")));
        TestTree.tree().largeFile("big.bin", 24L * 1024 * 1024, 3).file("small", "x").create(dir.resolve("src"));
        // 2 MiB/s: the transfer takes about 12 s, long enough to race and to cancel.
        ok(cli.run("manage", "configure-host", "slow", "--address", sshd.address(), "--port",
                String.valueOf(sshd.port()), "--user", sshd.user(), "--path", dir.resolve("src").toString(),
                "--bwlimit", "2048"));
        ok(cli.run("manage", "host-key", "slow", "--scan", "--yes"));
    }

    @AfterAll
    static void tearDown() {
        sshd.close();
    }

    @Test
    void twoBackupsOfOneHostFromTwoProcessesOnlyOneRuns() throws Exception {
        PobsyncProcess first = PobsyncProcess.start(cli.env(), dir.resolve("first.log"), "backup", "slow", "-q");
        awaitRunning();
        PobsyncProcess second = PobsyncProcess.start(cli.env(), dir.resolve("second.log"), "backup", "slow", "-q");
        assertThat(second.waitFor(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(second.log()).contains("host busy");
        first.term(); // cancel it; the next test needs the host
        first.waitFor(Duration.ofSeconds(30));
    }

    @Test
    void sigtermCancelsTheRunAndLeavesNoRsyncBehind() throws Exception {
        PobsyncProcess backup = PobsyncProcess.start(cli.env(), dir.resolve("term.log"), "backup", "slow", "-q");
        JsonNode run = awaitRunning();
        long rsyncPid = awaitRsyncPid(run.get("id").asLong());
        List<ProcessHandle> family = new java.util.ArrayList<>(ProcessHandle.of(rsyncPid).orElseThrow().descendants().toList());
        family.add(ProcessHandle.of(rsyncPid).orElseThrow());
        backup.term(); // SIGTERM, as Ctrl-C or systemd
        assertThat(backup.waitFor(Duration.ofSeconds(30))).as("128 + SIGTERM, as backup --help says").isEqualTo(143);
        assertThat(cli.run("backup", "--help").out()).contains("exits 130 or 143");
        JsonNode ended = runById(run.get("id").asLong());
        assertThat(ended.get("status").asString()).isEqualTo("cancelled");
        assertThat(family).noneMatch(ProcessHandle::isAlive);
        assertThat(dir.resolve("backups/slow").resolve(ended.get("snapshot").asString() + ".incomplete")).isDirectory();
    }

    private static JsonNode awaitRunning() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode runs = Json.MAPPER.readTree(ok(cli.run("runs", "--host", "slow", "--status", "running", "--json")).out());
            if (runs.size() > 0) {
                return runs.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no running backup appeared");
    }

    private static long awaitRsyncPid(long runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (var app = org.pobsync.app.AppContext.open(org.pobsync.settings.PobsyncSettings.from(cli.env()),
                    java.time.Clock.systemUTC(), 1)) {
                Long pid = app.runs().get(runId).rsyncPid();
                if (pid != null) {
                    return pid;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("rsync never started");
    }

    private static JsonNode runById(long id) throws Exception {
        for (JsonNode r : Json.MAPPER.readTree(ok(cli.run("runs", "--host", "slow", "--json")).out())) {
            if (r.get("id").asLong() == id) {
                return r;
            }
        }
        throw new AssertionError("run " + id + " not found");
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
