package org.pobsync.engine.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.engine.retention.SnapshotCandidate.Status;

/** Short ways to write snapshot series in retention tests. */
final class Snapshots {

    private Snapshots() {
    }

    static SnapshotCandidate complete(String isoInstant) {
        return of(isoInstant, Status.COMPLETE);
    }

    static SnapshotCandidate partial(String isoInstant) {
        return of(isoInstant, Status.PARTIAL);
    }

    static SnapshotCandidate incomplete(String isoInstant) {
        return of(isoInstant, Status.INCOMPLETE);
    }

    static SnapshotCandidate deleting(String isoInstant) {
        return of(isoInstant, Status.DELETING);
    }

    static SnapshotCandidate of(String isoInstant, Status status) {
        return of(Instant.parse(isoInstant), status);
    }

    static SnapshotCandidate of(Instant time, Status status) {
        return new SnapshotCandidate(SnapshotName.of(time).value(), time, status);
    }

    static List<SnapshotCandidate> completes(String... isoInstants) {
        List<SnapshotCandidate> list = new ArrayList<>();
        for (String s : isoInstants) {
            list.add(complete(s));
        }
        return list;
    }

    /** The snapshot name of an ISO instant, for assertions. */
    static String name(String isoInstant) {
        return SnapshotName.of(Instant.parse(isoInstant)).value();
    }

    static List<String> names(String... isoInstants) {
        List<String> names = new ArrayList<>();
        for (String s : isoInstants) {
            names.add(name(s));
        }
        return names;
    }

    static RetentionPolicy policy(Integer last, Integer hourly, Integer daily, Integer weekly,
                                  Integer monthly, Integer yearly) {
        return new RetentionPolicy(last, hourly, daily, weekly, monthly, yearly);
    }

    static RetentionPolicy keepLast(int n) {
        return policy(n, null, null, null, null, null);
    }

    static RetentionPolicy keepHourly(int n) {
        return policy(null, n, null, null, null, null);
    }

    static RetentionPolicy keepDaily(int n) {
        return policy(null, null, n, null, null, null);
    }

    static RetentionPolicy keepWeekly(int n) {
        return policy(null, null, null, n, null, null);
    }

    static RetentionPolicy keepMonthly(int n) {
        return policy(null, null, null, null, n, null);
    }

    static RetentionPolicy keepYearly(int n) {
        return policy(null, null, null, null, null, n);
    }

    static List<String> keptNames(RetentionPlan plan) {
        return plan.toKeep().stream().map(SnapshotCandidate::name).toList();
    }

    static List<String> prunedNames(RetentionPlan plan) {
        return plan.toPrune().stream().map(SnapshotCandidate::name).toList();
    }
}
