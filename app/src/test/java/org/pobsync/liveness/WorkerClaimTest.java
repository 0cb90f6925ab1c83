package org.pobsync.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one rule for "the worker holding this run or prune is gone" (docs/design.md, "Lost workers"). */
class WorkerClaimTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final Duration STALE = Duration.ofMinutes(5);
    static final String HERE = ProcessIdentity.hostname();

    @Test
    void aClaimOfThisVeryProcessIsAlive() {
        WorkerClaim mine = new WorkerClaim(HERE, ProcessIdentity.pid(), ProcessIdentity.instance(), NOW);
        assertThat(mine.lost(STALE, NOW)).isEmpty();
    }

    @Test
    void aClaimUnderThisPidByAnEarlierProcessIsLost() {
        // A restarted container's worker is pid 1 again: the pid matches, the instance does not.
        WorkerClaim earlier = new WorkerClaim(HERE, ProcessIdentity.pid(), "an-earlier-process", NOW);
        assertThat(earlier.lost(STALE, NOW)).contains("process gone");
        WorkerClaim beforeInstancesWereRecorded = new WorkerClaim(HERE, ProcessIdentity.pid(), null, NOW);
        assertThat(beforeInstancesWereRecorded.lost(STALE, NOW)).contains("process gone");
    }

    @Test
    void aClaimOfAnExitedProcessOnThisMachineIsLost() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        WorkerClaim dead = new WorkerClaim(HERE, p.pid(), "other", NOW);
        assertThat(dead.lost(null, NOW)).contains("process gone");
    }

    @Test
    void aLiveProcessOnThisMachineIsAliveUntilItsHeartbeatIsStale() {
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        WorkerClaim live = new WorkerClaim(HERE, parent, "other", NOW.minus(STALE));
        assertThat(live.lost(STALE, NOW)).isEmpty();
        assertThat(live.lost(STALE, NOW.plusSeconds(1))).hasValueSatisfying(why -> assertThat(why)
                .startsWith("no heartbeat since"));
        assertThat(live.lost(null, NOW.plus(Duration.ofDays(1)))).as("without a stale bound only the process counts")
                .isEmpty();
    }

    @Test
    void onAnotherMachineOnlyTheHeartbeatCounts() {
        // Pid 1 on that machine says nothing about pid 1 here.
        WorkerClaim remote = new WorkerClaim(HERE + "-elsewhere", 999_999_999L, "x", NOW.minus(Duration.ofMinutes(1)));
        assertThat(remote.onThisMachine()).isFalse();
        assertThat(remote.lost(STALE, NOW)).isEmpty();
        assertThat(remote.lost(STALE, NOW.plus(STALE))).isPresent();
    }

    @Test
    void aClaimWithoutPidOrHeartbeatIsNeverJudgedLost() {
        WorkerClaim unknown = new WorkerClaim(HERE, null, null, null);
        assertThat(unknown.lost(STALE, NOW)).isEmpty();
    }
}
