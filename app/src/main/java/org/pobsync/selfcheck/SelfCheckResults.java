package org.pobsync.selfcheck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.loop.OneAtATime;
import org.springframework.stereotype.Component;

/**
 * The panel's Self Check results. The page runs the checks on every visit; the dashboard banner
 * asks for {@link #failing()}, which reuses a result younger than {@link #MAX_AGE}: the checks
 * start rsync and ssh and write a probe file (close to a second), too much for every dashboard
 * refresh. An older result is answered while one run in the background replaces it, so no
 * dashboard request waits for the checks except the very first.
 */
@Component("selfCheckResults")
public final class SelfCheckResults {

    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private record Taken(List<CheckResult> results, Instant at) {
    }

    private final SelfCheck selfCheck;
    private final Clock clock;
    private final OneAtATime background = new OneAtATime("pobsync-self-check");
    private volatile Taken last;

    SelfCheckResults(SelfCheck selfCheck, Clock clock) {
        this.selfCheck = selfCheck;
        this.clock = clock;
    }

    /** Runs every check now (heartbeats included: the panel serves a deployment). */
    public List<CheckResult> runNow() {
        return run(false);
    }

    /** The banner's refresh: as {@link #runNow}, with a database integrity verdict up to minutes old. */
    private List<CheckResult> refresh() {
        return run(true);
    }

    private synchronized List<CheckResult> run(boolean reuseIntegrity) {
        List<CheckResult> results;
        try {
            results = List.copyOf(reuseIntegrity ? selfCheck.runReusingIntegrity(true) : selfCheck.run(true));
        } catch (RuntimeException e) {
            // The checks catch their own failures; what is left (e.g. no database) is itself a finding.
            results = List.of(CheckResult.fail("self check", "could not run: " + DatabaseFaults.describe(e),
                    "run 'pobsync manage check --deploy' on the server for details"));
        }
        last = new Taken(results, clock.instant());
        return results;
    }

    /**
     * The failing checks of the latest result. The first call runs the checks; later ones answer
     * at once, and when the result is older than {@link #MAX_AGE} start one run in the background.
     */
    public List<CheckResult> failing() {
        Taken t = last;
        if (t == null) {
            synchronized (this) {
                t = last;
                if (t == null) {
                    refresh();
                    t = last;
                }
            }
        } else if (t.at().plus(MAX_AGE).isBefore(clock.instant())) {
            background.start(this::refresh);
        }
        return t.results().stream().filter(r -> r.level() == CheckResult.Level.FAIL).toList();
    }
}
