package org.pobsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunRepository;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;

/**
 * Many claimers, one queue: every run is claimed exactly once, a host's runs never overlap and
 * go in queue order. On both databases, between threads with their own connection pools and
 * between worker processes.
 */
class ClaimRaceTest {

    @TempDir
    Path dir;

    /** Several queued runs per host, as if queued over time (enqueue itself allows one per host). */
    private static List<Long> queue(AppContext app, int hosts, int runsPerHost, Path source) {
        List<Long> ids = new ArrayList<>();
        Instant t = Instant.parse("2024-05-01T00:00:00Z");
        for (int i = 0; i < hosts; i++) {
            app.hosts().save("h" + i, h -> h.transport(Transport.LOCAL).sourcePaths(List.of(source.toString())),
                    Editor.maintainer("t"));
        }
        for (int r = 0; r < runsPerHost; r++) {
            for (int i = 0; i < hosts; i++) {
                Host h = app.hosts().get("h" + i);
                t = t.plusMillis(1);
                ids.add(new RunRepository(app.database()).insert(h.id(), RunTrigger.MANUAL, false, false, RunStatus.QUEUED, t));
            }
        }
        return ids;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void threadsWithTheirOwnPoolsClaimEachRunOnceAndNeverOneHostTwice(TestDatabase db) throws Exception {
        PobsyncSettings settings = PobsyncSettings.from(db.env(dir.resolve("var")));
        int claimers = 6;
        List<AppContext> apps = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            apps.add(AppContext.open(settings, Clock.systemUTC(), 2));
        }
        try {
            List<Long> queued = queue(apps.get(0), 30, 4, dir.resolve("src"));
            Set<Long> busyHosts = ConcurrentHashMap.newKeySet();
            List<BackupRun> claimed = Collections.synchronizedList(new ArrayList<>());
            List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(claimers);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < claimers; i++) {
                AppContext app = apps.get(i);
                String worker = "worker:test:" + i;
                done.add(pool.submit(() -> {
                    while (claimed.size() < queued.size()) {
                        var run = app.runs().claimNext(worker);
                        if (run.isEmpty()) {
                            Thread.sleep(2);
                            continue;
                        }
                        BackupRun r = run.get();
                        if (!busyHosts.add(r.hostId())) {
                            overlaps.add("run " + r.id() + " of " + r.hostName());
                        }
                        claimed.add(r);
                        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                        busyHosts.remove(r.hostId());
                        app.runs().finish(r, RunStatus.SUCCEEDED, 0, null, null, null, null);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(overlaps).as("a host claimed while its previous run was still running").isEmpty();
            assertThat(claimed.stream().map(BackupRun::id).toList()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(queued);
            Map<Long, List<Long>> perHost = new HashMap<>();
            claimed.forEach(r -> perHost.computeIfAbsent(r.hostId(), k -> new ArrayList<>()).add(r.id()));
            perHost.values().forEach(ids -> assertThat(ids).as("claim order of one host").isSorted());
            assertThat(claimed.stream().map(BackupRun::workerId).distinct().count()).isGreaterThan(1);
            assertThat(apps.get(0).runs().count(null, RunStatus.SUCCEEDED)).isEqualTo(queued.size());
        } finally {
            apps.forEach(AppContext::close);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void twoWorkerProcessesShareOneQueue(TestDatabase db) throws Exception {
        Map<String, String> env = db.env(dir.resolve("var"));
        Path source = Files.createDirectories(dir.resolve("src/etc"));
        Files.writeString(source.resolve("hosts"), "127.0.0.1 localhost\n");
        List<Long> queued;
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2)) {
            Files.createDirectories(app.globalConfig().get().backupRoot());
            app.hosts().list(); // migrate before the workers start
        }
        try (PobsyncProcess a = PobsyncProcess.start(env, dir.resolve("worker-a.log"), "worker", "--loop",
                "--interval", "1", "--concurrency", "3");
             PobsyncProcess b = PobsyncProcess.start(env, dir.resolve("worker-b.log"), "worker", "--loop",
                     "--interval", "1", "--concurrency", "3")) {
            a.awaitLog("worker started", Duration.ofSeconds(60));
            b.awaitLog("worker started", Duration.ofSeconds(60));
            try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2)) {
                queued = queue(app, 10, 3, source);
                Await.until(Duration.ofSeconds(120),
                        () -> app.runs().count(null, RunStatus.QUEUED) + app.runs().count(null, RunStatus.RUNNING) == 0,
                        "both workers to empty the queue");

                List<BackupRun> runs = app.runs().list(null, null, 1000, 0);
                assertThat(runs).hasSize(queued.size())
                        .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED));
                Map<Long, List<BackupRun>> perHost = new HashMap<>();
                runs.forEach(r -> perHost.computeIfAbsent(r.hostId(), k -> new ArrayList<>()).add(r));
                for (List<BackupRun> hostRuns : perHost.values()) {
                    hostRuns.sort((x, y) -> Long.compare(x.id(), y.id()));
                    for (int i = 1; i < hostRuns.size(); i++) {
                        assertThat(hostRuns.get(i).startedAt()).as("runs of one host overlap")
                                .isAfterOrEqualTo(hostRuns.get(i - 1).finishedAt());
                    }
                }
            }
            a.term();
            b.term();
            assertThat(a.waitFor(Duration.ofSeconds(60))).isNotEqualTo(137);
            assertThat(b.waitFor(Duration.ofSeconds(60))).isNotEqualTo(137);
            Map<Long, Integer> claims = new HashMap<>();
            int byA = countClaims(a.log(), claims);
            int byB = countClaims(b.log(), claims);
            assertThat(claims.keySet()).containsExactlyInAnyOrderElementsOf(queued);
            assertThat(claims.values()).as("claims per run").containsOnly(1);
            assertThat(byA).as("runs claimed by worker a").isPositive();
            assertThat(byB).as("runs claimed by worker b").isPositive();
        }
    }

    private static int countClaims(String log, Map<Long, Integer> claims) {
        Matcher m = Pattern.compile("run (\\d+) of h\\d+: claimed by worker").matcher(log);
        int n = 0;
        while (m.find()) {
            claims.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
            n++;
        }
        return n;
    }
}
