package org.pobsync.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.PrivateMariaDb;
import org.pobsync.testsupport.TestDatabase;

/**
 * Who may create the database, through the real CLI on real files: read-only commands never do;
 * set-up commands do in a data dir pobsync never used; after the SQLite file was deleted next to
 * a used data dir, every command but {@code manage migrate} refuses with one line naming the file.
 * (Before, the next `pobsync runs` quietly made a fresh empty database and `status` said "No hosts
 * yet", while the running services still wrote into the deleted one.)
 */
class DatabaseCreationTest {

    @TempDir
    Path dir;

    @Test
    void readOnlyCommandsOnAFreshDataDirCreateNothingAndSayHowToSetUp() {
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        Path file = dir.resolve("var/pobsync.sqlite3");
        Cli cli = new Cli(env);
        for (String[] args : new String[][] {{"runs"}, {"status"}, {"retention", "web1"}, {"manage", "show-migrations"},
                {"backup", "web1"}}) {
            Cli.Result r = cli.run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().lines()).as(r.toString()).singleElement().asString()
                    .isEqualTo("pobsync: error: the database " + file + " does not exist yet: set pobsync up first"
                            + " ('pobsync manage migrate', or start 'pobsync serve')");
            assertThat(file).as("after %s", String.join(" ", args)).doesNotExist();
        }
        Cli.Result check = cli.run("manage", "check");
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).containsPattern("FAIL +database +the database " + file + " does not exist yet");
        assertThat(file).doesNotExist();

        Cli.Result setUp = cli.run("manage", "configure-host", "web1", "--address", "web1.example.org", "--path", "/etc");
        assertThat(setUp.exitCode()).as(setUp.toString()).isZero();
        assertThat(file).isRegularFile();
        assertThat(cli.run("runs").exitCode()).isZero();
    }

    @Test
    void aDeletedDatabaseNextToAUsedDataDirIsAnErrorNamingTheFileUntilMigrateIsRun() throws Exception {
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        Path file = dir.resolve("var/pobsync.sqlite3");
        Cli cli = new Cli(env);
        assertThat(cli.run("manage", "ssh-key", "--generate").exitCode()).isZero();
        assertThat(cli.run("manage", "configure-host", "web1", "--address", "web1.example.org", "--path", "/etc")
                .exitCode()).isZero();
        Files.delete(file);

        for (String[] args : new String[][] {{"runs"}, {"status"}, {"manage", "configure-host", "web2", "--address", "a",
                "--path", "/etc"}, {"manage", "ssh-key"}, {"worker"}, {"scheduler"}}) {
            Cli.Result r = cli.run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().lines()).as(r.toString()).singleElement().asString()
                    .startsWith("pobsync: error: the database " + file + " does not exist, but the data dir "
                            + dir.resolve("var") + " holds pobsync's SSH key directory ssh/")
                    .endsWith("was the database deleted, moved or replaced? Put it back (with its -wal file, if there"
                            + " is one), or run 'pobsync manage migrate' to start again with an empty database");
            assertThat(file).as("after %s", String.join(" ", args)).doesNotExist();
        }

        Cli.Result migrate = cli.run("manage", "migrate");
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(file).isRegularFile();
        Cli.Result runs = cli.run("runs");
        assertThat(runs.exitCode()).as(runs.toString()).isZero();
    }

    @Test
    void aMariaDbDatabaseWithoutTablesIsNotFilledByAReadOnlyCommand() {
        PrivateMariaDb server = PrivateMariaDb.shared();
        Map<String, String> env = server.env(dir.resolve("var"));
        Cli cli = new Cli(env);
        Cli.Result r = cli.run("runs");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("has no pobsync tables yet: set pobsync up first")
                .doesNotContain("password", server.password());
        Cli.Result setUp = cli.run("manage", "configure-host", "web1", "--address", "web1.example.org", "--path", "/etc");
        assertThat(setUp.exitCode()).as(setUp.toString()).isZero();
        assertThat(cli.run("runs").exitCode()).isZero();
    }
}
