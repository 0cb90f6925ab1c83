package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;

/**
 * The long-running processes, as real processes on a real SQLite file: when the file is deleted
 * or replaced under them they exit with 1 (so systemd restarts them) instead of writing on into
 * the old inode, and a restart without the file refuses with the line that names it.
 */
class DatabaseReplacedProcessTest {

    /** DatabaseWatch looks every 2 s; a JVM on a loaded machine gets some slack. */
    static final Duration NOTICED_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void workerSchedulerAndWebExitWithOneWhenTheirDatabaseFileIsDeleted() throws Exception {
        Map<String, String> env = env();
        Path file = dir.resolve("var/pobsync.sqlite3");
        List<PobsyncProcess> services = List.of(
                PobsyncProcess.start(env, dir.resolve("worker.log"), "worker", "--loop"),
                PobsyncProcess.start(env, dir.resolve("scheduler.log"), "scheduler", "--loop"),
                PobsyncProcess.start(env, dir.resolve("web.log"), "web"));
        try {
            services.get(0).awaitLog("worker started", Duration.ofSeconds(90));
            services.get(1).awaitLog("scheduler started", Duration.ofSeconds(90));
            services.get(2).awaitLog("web panel on http", Duration.ofSeconds(90));
            Files.delete(file);

            for (PobsyncProcess service : services) {
                assertThat(service.waitFor(NOTICED_WITHIN)).as(service.log()).isEqualTo(1);
                assertThat(service.log()).contains("the database file " + file + " was deleted or moved away while"
                        + " this process was using it: exiting");
            }
            assertThat(file).as("nothing made a new one").doesNotExist();

            PobsyncProcess restarted = PobsyncProcess.start(env, dir.resolve("worker2.log"), "worker", "--loop");
            assertThat(restarted.waitFor(Duration.ofSeconds(90))).as(restarted.log()).isEqualTo(1);
            assertThat(restarted.log()).contains("pobsync: error: the database " + file + " does not exist, but the"
                    + " data dir " + dir.resolve("var") + " holds pobsync's");
            assertThat(file).doesNotExist();
        } finally {
            services.forEach(PobsyncProcess::close);
        }
    }

    @Test
    void serveExitsWithOneWhenItsDatabaseFileIsReplaced() throws Exception {
        Map<String, String> env = env();
        Path file = dir.resolve("var/pobsync.sqlite3");
        Files.copy(file, dir.resolve("copy.sqlite3"));
        try (PobsyncProcess serve = PobsyncProcess.start(env, dir.resolve("serve.log"), "serve")) {
            serve.awaitLog("serving http://", Duration.ofSeconds(90));
            // What restoring a copy over the live file does: a rename onto it.
            Files.move(dir.resolve("copy.sqlite3"), file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);

            assertThat(serve.waitFor(NOTICED_WITHIN)).as(serve.log()).isEqualTo(1);
            assertThat(serve.log()).contains("the database file " + file + " was replaced by another file");
        }
    }

    /** A data dir that has been used (server key, database) and a free port for the panel. */
    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(TestDatabase.SQLITE.env(dir.resolve("var")));
        env.put("POBSYNC_BIND", "127.0.0.1:" + LoopbackSshd.freePort());
        Cli cli = new Cli(env);
        assertThat(cli.run("manage", "ssh-key", "--generate").exitCode()).isZero();
        assertThat(cli.run("manage", "migrate").exitCode()).isZero();
        return env;
    }
}
