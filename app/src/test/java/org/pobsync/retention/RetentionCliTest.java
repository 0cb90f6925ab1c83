package org.pobsync.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/**
 * Retention and discovery as an operator meets them: hand-made snapshot directories (without
 * snapshot.json), discovery, the plan table, refusals, apply, and a prune interrupted halfway.
 */
class RetentionCliTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;

    Cli cli;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        var env = TestDatabase.SQLITE.env(dir.resolve("var"));
        cli = new Cli(env, Clock.fixed(NOW, ZoneOffset.UTC));
        root = dir.resolve("backups");
        ok(cli.run("manage", "configure-global", "--backup-root", root.toString()));
        ok(cli.run("manage", "configure-host", "h1", "--address", "h1.example", "--path", "/etc", "--keep-last", "1",
                "--keep-daily", "3"));
        // One snapshot a day for 10 days, two on the newest day, and a stale failed one.
        for (int day = 0; day < 10; day++) {
            snapshot(NOW.minus(day, ChronoUnit.DAYS).minus(2, ChronoUnit.HOURS), false);
        }
        snapshot(NOW.minus(1, ChronoUnit.HOURS), false);
        snapshot(NOW.minus(5, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS), true);
    }

    private Path snapshot(Instant at, boolean incomplete) throws Exception {
        String name = SnapshotName.of(at).value() + (incomplete ? ".incomplete" : "");
        Path data = root.resolve("h1").resolve(name).resolve("data/etc");
        Files.createDirectories(data);
        Files.writeString(data.resolve("hosts"), "127.0.0.1 localhost " + name + "\n");
        Files.writeString(data.resolve("big"), "x".repeat(10_000));
        return data.getParent().getParent();
    }

    @Test
    void discoveryRecordsHandMadeSnapshotsAndIsIdempotent() {
        Cli.Result first = ok(cli.run("discover-snapshots", "--host", "h1"));
        assertThat(first.out()).contains("12 snapshots on disk: 12 new");
        Cli.Result second = ok(cli.run("discover-snapshots"));
        assertThat(second.out()).contains("12 snapshots on disk: 0 new, 0 updated, 0 marked missing");
        try (AppContext app = open()) {
            List<SnapshotRecord> records = app.snapshots().findByHost(app.hosts().get("h1").id());
            assertThat(records).hasSize(12);
            assertThat(records).filteredOn(r -> r.status() == SnapshotStatus.INCOMPLETE).hasSize(1);
            SnapshotRecord newest = records.get(0);
            assertThat(newest.fileCount()).isEqualTo(2);
            assertThat(newest.totalBytes()).isGreaterThan(10_000);
            assertThat(newest.uniqueBytes()).isEqualTo(newest.totalBytes());
        }
    }

    @Test
    void vanishedDirectoriesAreMarkedMissing() throws Exception {
        ok(cli.run("discover-snapshots", "--host", "h1"));
        Path gone = root.resolve("h1").resolve(SnapshotName.of(NOW.minus(9, ChronoUnit.DAYS).minus(2, ChronoUnit.HOURS)).value());
        org.pobsync.testsupport.Commands.ok("rm", "-rf", gone.toString());
        assertThat(ok(cli.run("discover-snapshots", "--host", "h1")).out()).contains("1 marked missing");
    }

    @Test
    void planShowsEverySnapshotWithTheRuleThatKeptIt() {
        ok(cli.run("discover-snapshots", "--host", "h1"));
        Cli.Result plan = ok(cli.run("retention", "h1"));
        assertThat(plan.out()).contains("keep-last 1, keep-daily 3 (host override)", "SNAPSHOT", "REASON");
        // keep-last keeps the newest; keep-daily then counts three more days.
        assertThat(plan.out().lines().filter(l -> l.contains(" keep ")).count()).isEqualTo(4);
        assertThat(plan.out()).contains("8 of 12 snapshots would be pruned");
    }

    @Test
    void applyNeedsYesAndHonoursMaxDelete() {
        ok(cli.run("discover-snapshots", "--host", "h1"));
        Cli.Result noYes = cli.run("retention", "h1", "--apply");
        assertThat(noYes.exitCode()).isEqualTo(2);
        assertThat(noYes.err()).contains("--yes");
        Cli.Result negative = cli.run("retention", "h1", "--apply", "--yes", "--max-delete", "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err().strip()).isEqualTo("pobsync: --max-delete must be 0 or more");
        assertThat(negative.out()).as("refused before the plan is printed").isEmpty();
        Cli.Result bounded = cli.run("retention", "h1", "--apply", "--yes", "--max-delete", "3");
        assertThat(bounded.exitCode()).isEqualTo(1);
        assertThat(bounded.err()).contains("more than --max-delete 3", "nothing was deleted");
        assertThat(countDirs()).isEqualTo(12);

        Cli.Result applied = ok(cli.run("retention", "h1", "--apply", "--yes", "--max-delete", "8"));
        assertThat(applied.out()).contains("pruned 8 snapshots of h1");
        assertThat(countDirs()).isEqualTo(4);
        assertThat(root.resolve("h1").resolve(SnapshotName.of(NOW.minus(1, ChronoUnit.HOURS)).value())).isDirectory();
        assertThat(ok(cli.run("retention", "h1")).out()).contains("0 of 4 snapshots would be pruned");
    }

    @Test
    void aPruneInterruptedHalfwayIsFinishedByTheNextOne() throws Exception {
        ok(cli.run("discover-snapshots", "--host", "h1"));
        String victim = SnapshotName.of(NOW.minus(8, ChronoUnit.DAYS).minus(2, ChronoUnit.HOURS)).value();
        try (AppContext app = open()) {
            SnapshotRecord r = app.snapshots().find(app.hosts().get("h1").id(), victim).orElseThrow();
            // What a killed prune leaves: the record says deleting, half the tree is gone.
            app.snapshots().setStatus(r.id(), SnapshotStatus.DELETING, null);
        }
        Files.delete(root.resolve("h1").resolve(victim).resolve("data/etc/hosts"));
        ok(cli.run("manage", "configure-host", "h1", "--inherit-retention"));
        ok(cli.run("manage", "configure-global", "--keep-last", "0", "--keep-daily", "0", "--keep-weekly", "0",
                "--keep-monthly", "0"));
        Cli.Result plan = ok(cli.run("retention", "h1"));
        assertThat(plan.out()).contains("1 of 12 snapshots would be pruned");
        ok(cli.run("retention", "h1", "--apply", "--yes"));
        assertThat(root.resolve("h1").resolve(victim)).doesNotExist();
        try (AppContext app = open()) {
            assertThat(app.snapshots().find(app.hosts().get("h1").id(), victim).orElseThrow().status())
                    .isEqualTo(SnapshotStatus.DELETED);
        }
    }

    private long countDirs() {
        try (var s = Files.list(root.resolve("h1"))) {
            return s.filter(Files::isDirectory).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private AppContext open() {
        return AppContext.open(PobsyncSettings.from(cli.env()), Clock.fixed(NOW, ZoneOffset.UTC), 2);
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
