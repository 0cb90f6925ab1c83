package org.pobsync.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Progress;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.hosts.HostSpec;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunRepository;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.schedule.Schedule;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.InvalidInputException;

/** The data model round-trips on both databases, through the services every front end uses. */
class PersistenceTest {

    @TempDir
    Path dir;

    private AppContext open(TestDatabase db) {
        return AppContext.open(PobsyncSettings.from(db.env(dir)), Clock.systemUTC(), 4);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void migrationsRunAndAreCurrent(TestDatabase db) {
        try (AppContext app = open(db)) {
            assertThat(app.migrations().current()).isTrue();
            assertThat(app.migrations().pending()).isEmpty();
            assertThat(app.database().dialect().name()).isEqualTo(db.name());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void globalConfigStartsWithDefaultsAndKeepsChanges(TestDatabase db) {
        try (AppContext app = open(db)) {
            GlobalConfig c = app.globalConfig().get();
            assertThat(c.backupRoot()).isEqualTo(dir.resolve("backups"));
            assertThat(c.retention()).isEqualTo(GlobalConfig.DEFAULT_RETENTION);
            app.globalConfig().update(new GlobalConfigService.Changes("/srv/backups", new RetentionSettings(3, null, 10,
                    null, null, 2), 600, 3, "backup", 2222, 120, 14), "test");
            GlobalConfig u = app.globalConfig().get();
            assertThat(u.backupRoot()).isEqualTo(Path.of("/srv/backups"));
            assertThat(u.retention()).isEqualTo(new RetentionSettings(3, null, 10, 4, 6, 2));
            assertThat(u.rsyncTimeoutSeconds()).isEqualTo(600);
            assertThat(u.maxConcurrentBackups()).isEqualTo(3);
            assertThat(u.defaultSshUser()).isEqualTo("backup");
            assertThat(u.defaultSshPort()).isEqualTo(2222);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void hostRoundTripsEveryFieldIncludingUnicodePaths(TestDatabase db) {
        try (AppContext app = open(db)) {
            HostSpec spec = new HostSpec("web1", "web1.example.org", Transport.SSH, "backup", 2222, true,
                    List.of("/etc", "/srv/dätä with space"), List.of("*.tmp", "-leading"), List.of("--compress"),
                    512, 900, new RetentionSettings(2, null, 5, null, null, null), true, "rack 4 — ünïcode");
            Host h = app.hosts().save(spec, Editor.maintainer("test")).host();
            assertThat(h.spec()).isEqualTo(spec);
            assertThat(h.address()).isEqualTo("web1.example.org");
            assertThat(h.sshUser()).isEqualTo("backup");
            assertThat(h.sshPort()).isEqualTo(2222);
            assertThat(h.useSudo()).isTrue();
            assertThat(h.sourcePaths()).containsExactly("/etc", "/srv/dätä with space");
            assertThat(h.excludes()).containsExactly("*.tmp", "-leading");
            assertThat(h.rsyncOptions()).containsExactly("--compress");
            assertThat(h.bwlimitKbps()).isEqualTo(512);
            assertThat(h.timeoutSeconds()).isEqualTo(900);
            assertThat(h.retentionOverride()).isEqualTo(new RetentionSettings(2, null, 5, null, null, null));
            assertThat(h.notes()).isEqualTo("rack 4 — ünïcode");

            Host updated = app.hosts().save("web1", b -> b.sourcePaths(List.of("/home")), Editor.maintainer("test")).host();
            assertThat(updated.sourcePaths()).containsExactly("/home");
            assertThat(updated.excludes()).containsExactly("*.tmp", "-leading");
            assertThat(updated.createdAt()).isEqualTo(h.createdAt());
            assertThat(app.hosts().list()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void invalidHostInputIsRefusedAndNothingIsSaved(TestDatabase db) {
        try (AppContext app = open(db)) {
            assertThatThrownBy(() -> app.hosts().save("../x", b -> b.address("a").sourcePaths(List.of("/etc")),
                    Editor.maintainer("test")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a valid host name");
            assertThatThrownBy(() -> app.hosts().save("web1", b -> b.address("-oProxyCommand=touch /tmp/x")
                    .sourcePaths(List.of("relative")), Editor.maintainer("test")))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).errors())
                            .extracting(org.pobsync.validation.FieldError::field).contains("address", "paths"));
            assertThat(app.hosts().list()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void scheduleStoresCronZoneAndNextRun(TestDatabase db) {
        try (AppContext app = open(db)) {
            app.hosts().save("web1", b -> b.address("web1").sourcePaths(List.of("/etc")), Editor.maintainer("t"));
            Schedule s = app.schedules().configure("web1", "15 2 * * *", "Europe/Amsterdam", true, true, "t");
            assertThat(s.cronExpression()).isEqualTo("15 2 * * *");
            assertThat(s.timeZone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
            assertThat(s.prune()).isTrue();
            assertThat(s.nextRunAt()).isAfter(Instant.now());
            assertThat(s.nextRunAt().atZone(ZoneId.of("Europe/Amsterdam")).getHour()).isEqualTo(2);
            assertThatThrownBy(() -> app.schedules().configure("web1", "61 * * * *", null, false, true, "t"))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> app.schedules().configure("web1", "15 2 * * *", "Mars/Olympus", false, true, "t"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown time zone");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void runLifecycleAndSnapshotRecords(TestDatabase db) {
        try (AppContext app = open(db)) {
            app.hosts().save("web1", b -> b.address("web1").sourcePaths(List.of("/etc")), Editor.maintainer("t"));
            BackupRun queued = app.runs().enqueue("web1", RunTrigger.MANUAL, false, true, "t");
            assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
            assertThatThrownBy(() -> app.runs().enqueue("web1", RunTrigger.MANUAL, false, false, "t"))
                    .isInstanceOf(ConflictException.class);
            BackupRun running = app.runs().claimNext("worker:test:1").orElseThrow();
            assertThat(running.id()).isEqualTo(queued.id());
            assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(app.runs().claimNext("worker:test:2")).isEmpty();
            assertThatThrownBy(() -> app.runs().startForeground("web1", RunTrigger.CLI, false, false, "t"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("host busy");

            new RunRepository(app.database()).recordProgress(running.id(), null, new Progress(42, 1000, null, 4200, 7), "line1\nline2",
                    Instant.now());
            Host host = app.hosts().get("web1");
            long snapId = app.snapshots().insert(new SnapshotRecord(0, host.id(), "web1", "20261123T021500Z",
                    "/b/web1/20261123T021500Z", SnapshotStatus.COMPLETE, Instant.parse("2026-11-23T02:15:00Z"),
                    Instant.parse("2026-11-23T02:16:00Z"), null, null, 10L, 1000L, null, running.id(), Instant.now(), null));
            app.runs().finish(running, RunStatus.SUCCEEDED, 0, null, new TransferStats(10, 3, 300, 1000), snapId, null);

            BackupRun done = app.runs().get(running.id());
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.filesTransferred()).isEqualTo(3);
            assertThat(done.logTail()).isEqualTo("line1\nline2");
            assertThat(done.snapshotId()).isEqualTo(snapId);
            assertThat(app.snapshots().latestUsable(host.id())).map(SnapshotRecord::name).contains("20261123T021500Z");
            // The host is free again.
            assertThat(app.runs().startForeground("web1", RunTrigger.CLI, true, false, "t").status())
                    .isEqualTo(RunStatus.RUNNING);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void concurrentClaimsNeverRunOneHostTwice(TestDatabase db) throws Exception {
        try (AppContext app = open(db)) {
            for (int i = 0; i < 6; i++) {
                String name = "h" + i;
                app.hosts().save(name, b -> b.address(name).sourcePaths(List.of("/etc")), Editor.maintainer("t"));
                app.runs().enqueue("h" + i, RunTrigger.MANUAL, false, false, "t");
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<java.util.Optional<BackupRun>>> claims = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                claims.add(pool.submit(() -> app.runs().claimNext("worker:test:" + n)));
            }
            java.util.Set<Long> claimed = new java.util.HashSet<>();
            for (var f : claims) {
                f.get(60, TimeUnit.SECONDS).ifPresent(r -> assertThat(claimed.add(r.id())).as("claimed twice").isTrue());
            }
            pool.shutdown();
            assertThat(claimed).hasSize(6);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void usersAuditAndHeartbeats(TestDatabase db) {
        try (AppContext app = open(db)) {
            app.users().create("admin", "admin@example.org", "correct horse battery", true, true, "t");
            assertThat(app.users().get("admin").superuser()).isTrue();
            assertThat(app.users().encoder().matches("correct horse battery", app.users().get("admin").passwordHash()))
                    .isTrue();
            assertThatThrownBy(() -> app.users().create("bob", null, "short", true, false, "t"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least");
            assertThatThrownBy(() -> app.users().create("carol-the-admin", null, "carol-the-admin", true, false, "t"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("user name");
            assertThat(app.audit().recent(null, "user.create", 10, 0)).hasSize(1);
            app.heartbeats().beat("worker:1", Instant.now());
            app.heartbeats().beat("worker:1", Instant.now());
            assertThat(app.heartbeats().all()).hasSize(1);
        }
    }
}
