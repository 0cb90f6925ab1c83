package org.pobsync.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestEnvironment;
import org.pobsync.testsupport.UnwritableDirectory;

/**
 * {@code pobsync manage check [--deploy]} as an operator runs it: a real environment with
 * something broken in it, read back from the printed lines and the exit code.
 */
class SelfCheckCommandTest {

    @TempDir
    Path dir;

    Map<String, String> env;

    @BeforeEach
    void environment() {
        env = new HashMap<>(TestDatabase.SQLITE.env(dir.resolve("var")));
    }

    @Test
    void rsyncMissingFromPathFails() throws Exception {
        // A PATH with ssh on it but no rsync: the check must report on that PATH, not the JVM's.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("ssh"), TestEnvironment.requireBinary("ssh"));
        env.put("PATH", bin.toString());

        Cli.Result r = new Cli(env).run("manage", "check");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(line(r, "rsync")).startsWith("FAIL").contains("rsync not found on PATH (" + bin + ")",
                "apt-get install rsync");
        assertThat(line(r, "ssh")).startsWith("OK").contains("OpenSSH");
    }

    @Test
    void rsyncOnPathPassesWithItsVersion() {
        TestEnvironment.requireBinary("rsync");
        Cli.Result r = new Cli(env).run("manage", "check");
        assertThat(line(r, "rsync")).startsWith("OK").contains("rsync", "version");
    }

    @Test
    void unwritableBackupRootFails() {
        Path root = dir.resolve("backups");
        try (UnwritableDirectory ro = UnwritableDirectory.at(root)) {
            Cli cli = new Cli(env);
            assertThat(cli.run("manage", "configure-global", "--backup-root", root.toString()).exitCode()).isZero();

            Cli.Result r = cli.run("manage", "check");

            assertThat(r.exitCode()).as(ro.how() + "\n" + r).isEqualTo(1);
            assertThat(line(r, "backup root")).as(ro.how()).startsWith("FAIL").contains(root + " is not writable",
                    "write access");
        }
    }

    @Test
    void aFileWhereTheBackupRootShouldBeFails() throws Exception {
        Path root = dir.resolve("backups");
        Cli cli = new Cli(env);
        assertThat(cli.run("manage", "configure-global", "--backup-root", root.toString()).exitCode()).isZero();
        // Later, something puts a file where the backup root should be (a mount point gone wrong).
        Files.delete(org.pobsync.engine.layout.BackupRootMarker.fileIn(root));
        Files.delete(root);
        Files.writeString(root, "not a directory\n");

        Cli.Result r = cli.run("manage", "check");

        assertThat(line(r, "backup root")).startsWith("FAIL").contains("exists but is not a directory");
    }

    @Test
    void deployCheckFailsOnAStaleWorkerHeartbeatAndPassesOnAFreshOne() {
        Instant workerSeen = Instant.parse("2026-03-01T10:00:00Z");
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.fixed(workerSeen, ZoneOffset.UTC), 2)) {
            app.heartbeats().beat("worker:backup1:42", workerSeen);
            app.heartbeats().beat("scheduler", workerSeen);
        }
        Clock fresh = Clock.fixed(workerSeen.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
        assertThat(line(new Cli(env, fresh).run("manage", "check", "--deploy"), "worker")).startsWith("OK");

        Clock later = Clock.fixed(workerSeen.plus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        Cli.Result r = new Cli(env, later).run("manage", "check", "--deploy");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(line(r, "worker")).startsWith("FAIL").contains("last seen 20 min ago", "journalctl -u pobsync-worker");
        assertThat(line(r, "scheduler")).startsWith("FAIL");
        // Without --deploy (a development box) the services are not checked.
        assertThat(new Cli(env, later).run("manage", "check").out()).doesNotContain("worker");
    }

    @Test
    void aDamagedPageOfTheSqliteFileFailsTheDatabaseCheck() throws Exception {
        Path file = databaseWithAuditHistory();
        long size = Files.size(file);
        // Scribble over the middle of three pages near the end: audit rows and their index.
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            for (long page = size / 4096 - 4; page < size / 4096 - 1; page++) {
                raw.seek(page * 4096 + 200);
                raw.write(new byte[1500]);
            }
        }

        Cli.Result r = new Cli(env).run("manage", "check");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(line(r, "database")).as(r.toString()).startsWith("FAIL").contains("file is damaged: ",
                "put back a copy of the database file", "sqlite3 FILE .recover");
        assertThat(r.toString()).doesNotContain("Exception", "SQLITE_");
    }

    @Test
    void aFileThatIsNoLongerADatabaseIsAFailLineNotAnError() throws Exception {
        Path file = databaseWithAuditHistory();
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.write("this is not SQLite any more".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        Cli.Result r = new Cli(env).run("manage", "check");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(line(r, "rsync")).startsWith("OK");
        assertThat(line(r, "database")).as(r.toString()).startsWith("FAIL")
                .contains("the database file is damaged: ", "not a database", "sqlite3 FILE .recover");
        assertThat(r.err()).isEmpty();
        assertThat(r.toString()).doesNotContain("Exception", "SQLITE_");
    }

    /** A set-up database with a few thousand audit rows at the end of the file, closed. */
    private Path databaseWithAuditHistory() throws Exception {
        Cli cli = new Cli(env);
        assertThat(cli.run("manage", "configure-host", "web1", "--address", "web1.example.org", "--path", "/etc")
                .exitCode()).isZero();
        Path file = PobsyncSettings.from(env).sqliteFile().orElseThrow();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement insert = c.prepareStatement("INSERT INTO audit_event (occurred_at, actor, action,"
                     + " target, detail) VALUES (?, 'cli:root', 'host.update', 'web1', ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < 3000; i++) {
                insert.setLong(1, 1_700_000_000_000L + i);
                insert.setString(2, "paths: /etc → /etc, /srv/" + "x".repeat(400) + i);
                insert.executeUpdate();
            }
            c.commit();
        }
        return file;
    }

    /** The printed line of one check ("LEVEL name message"). */
    private static String line(Cli.Result r, String check) {
        return r.out().lines()
                .filter(l -> l.length() > 33 && l.substring(5, 33).strip().equals(check))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line for check '" + check + "' in\n" + r));
    }
}
