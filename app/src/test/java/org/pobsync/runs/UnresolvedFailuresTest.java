package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.engine.TransferStats;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.TestDatabase;

/** The dashboard's "Recent failures": only failures no later success of the same host made good, on both databases. */
class UnresolvedFailuresTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailureFollowedByASuccessOfTheSameHostIsNoLongerListed(TestDatabase db) {
        try (AppContext app = AppContext.open(PobsyncSettings.from(db.env(dir)), Clock.systemUTC(), 4)) {
            RunRepository runs = new RunRepository(app.database());
            Host fixed = host(app, "fixed");
            Host broken = host(app, "broken");
            Host rehearsed = host(app, "rehearsed");
            Host tried = host(app, "tried");
            Host other = host(app, "other");

            run(runs, fixed, false, RunStatus.FAILED);
            run(runs, fixed, false, RunStatus.SUCCEEDED);
            run(runs, broken, false, RunStatus.SUCCEEDED);
            long stillBroken = run(runs, broken, false, RunStatus.FAILED);
            run(runs, rehearsed, true, RunStatus.FAILED);
            run(runs, rehearsed, true, RunStatus.SUCCEEDED);
            long onlyRehearsed = run(runs, tried, false, RunStatus.FAILED);
            run(runs, tried, true, RunStatus.SUCCEEDED);
            long otherFailed = run(runs, other, false, RunStatus.FAILED);
            run(runs, fixed, false, RunStatus.SUCCEEDED); // another host's success makes no one else's failure good

            List<Long> listed = runs.findUnresolvedFailures(Instant.now().minus(Duration.ofDays(7)), 10).stream()
                    .map(BackupRun::id).toList();
            assertThat(listed).as("newest first; a successful dry run does not make a failed backup good")
                    .containsExactly(otherFailed, onlyRehearsed, stillBroken);
            assertThat(runs.findUnresolvedFailures(Instant.now().plusSeconds(60), 10)).as("older than the window")
                    .isEmpty();
            assertThat(runs.findUnresolvedFailures(Instant.now().minus(Duration.ofDays(7)), 1)).hasSize(1);
        }
    }

    private static Host host(AppContext app, String name) {
        return app.hosts().save(name, h -> h.address(name + ".example.net").sourcePaths(List.of("/etc")),
                Editor.maintainer("test")).host();
    }

    private static long run(RunRepository runs, Host host, boolean dryRun, RunStatus end) {
        Instant now = Instant.now();
        long id = runs.insert(host.id(), RunTrigger.MANUAL, dryRun, false, RunStatus.QUEUED, now.minusSeconds(30));
        runs.markStarted(id, RunStatus.QUEUED, "worker:test", "test", ProcessHandle.current().pid(), null, now);
        runs.finish(id, null, end, end == RunStatus.FAILED ? 255 : 0, end == RunStatus.FAILED ? "failed" : null,
                new TransferStats(1, 1, 1, 1), null, "", now);
        return id;
    }
}
