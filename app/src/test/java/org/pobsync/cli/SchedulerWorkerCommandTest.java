package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestClock;
import org.pobsync.testsupport.TestDatabase;

/** {@code pobsync scheduler} and {@code pobsync worker} without --loop, through the real entry point. */
class SchedulerWorkerCommandTest {

    @TempDir
    Path dir;

    @Test
    void helpNamesTheOptions() {
        Cli cli = new Cli(TestDatabase.SQLITE.env(dir));
        Cli.Result scheduler = cli.run("scheduler", "--help");
        assertThat(scheduler.exitCode()).isZero();
        assertThat(scheduler.out()).contains("--loop", "--interval", "caught up once");
        Cli.Result worker = cli.run("worker", "--help");
        assertThat(worker.exitCode()).isZero();
        assertThat(worker.out()).contains("--loop", "--interval", "--concurrency", "worker lost");
        assertThat(cli.run("--help").out()).contains("scheduler", "worker");
    }

    @Test
    void badNumbersAreUsageErrors() {
        Cli cli = new Cli(TestDatabase.SQLITE.env(dir));
        Cli.Result interval = cli.run("worker", "--interval", "0");
        assertThat(interval.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(interval.err()).contains("--interval must be at least 1");
        assertThat(cli.run("worker", "--concurrency", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("scheduler", "--interval", "-5").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("scheduler", "--interval", "soon").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void onePassOfTheSchedulerQueuesDueRunsAndSaysSo() {
        TestClock clock = TestClock.at("2024-05-01T10:10:00Z");
        Cli cli = new Cli(TestDatabase.SQLITE.env(dir), clock);
        ok(cli.run("manage", "configure-host", "web1", "--address", "web1", "--path", "/etc"));
        ok(cli.run("manage", "configure-schedule", "web1", "--schedule-expression", "0 * * * *", "--time-zone", "UTC"));

        Cli.Result early = ok(cli.run("scheduler"));
        assertThat(early.out()).contains("scheduler: 0 due, 0 queued", "next slot 2024-05-01 11:00:00 UTC");

        clock.advance(Duration.ofHours(1));
        Cli.Result due = ok(cli.run("scheduler"));
        assertThat(due.out()).contains("scheduler: 1 due, 1 queued");
        assertThat(ok(cli.run("runs", "--json")).out()).contains("\"trigger\" : \"schedule\"", "\"status\" : \"queued\"");
    }

    @Test
    void onePassOfTheWorkerRunsTheQueuedBackupToItsEnd() throws Exception {
        // A local host may not back up the data dir, so the source lives beside it.
        Cli cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("var")));
        Path source = Files.createDirectories(dir.resolve("src/etc"));
        Files.writeString(source.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.createDirectories(dir.resolve("var/backups"));
        ok(cli.run("manage", "configure-host", "local1", "--transport", "local", "--path", source.toString()));
        ok(cli.run("manage", "run-backup", "local1", "--queue"));

        ok(cli.run("worker", "--concurrency", "1"));

        String runs = ok(cli.run("runs", "--host", "local1", "--json")).out();
        assertThat(runs).contains("\"status\" : \"succeeded\"");
        assertThat(ok(cli.run("worker")).exitCode()).as("nothing queued is not a failure").isZero();
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
