package org.pobsync.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.status.HostSummary;
import org.pobsync.status.StateCounts;
import org.pobsync.status.StatusService;

/** /api/status/: the server at a glance. Field names are a contract (docs/api.md). */
record StatusJson(String version, Database database, BackupRoot backupRoot, HostCounts hosts, RunCounts runs,
                  List<Heartbeat> heartbeats, Instant generatedAt) {

    record Database(String kind, boolean migrationsCurrent) {
    }

    record BackupRoot(String path, boolean exists, long totalBytes, long freeBytes, long usedBytes) {
    }

    /** {@code stale}: late or never (no good snapshot within the expectation); {@code states}: hosts per state. */
    record HostCounts(int total, int enabled, int stale, StateCounts states) {
    }

    record RunCounts(long queued, long running) {
    }

    record Heartbeat(String component, String hostname, long pid, String version, Instant startedAt,
                     Instant lastSeenAt, long ageSeconds, boolean fresh) {
        static Heartbeat of(Heartbeats.Heartbeat hb, Instant now) {
            long age = Math.max(0, Duration.between(hb.lastSeenAt(), now).toSeconds());
            return new Heartbeat(hb.component(), hb.hostname(), hb.pid(), hb.version(), hb.startedAt(),
                    hb.lastSeenAt(), age, hb.fresh(now));
        }
    }

    static StatusJson of(StatusService.Report r) {
        DiskUsage d = r.backupRoot();
        int enabled = (int) r.hosts().stream().filter(HostSummary::enabled).count();
        int stale = (int) r.hosts().stream().filter(h -> h.health().stale()).count();
        return new StatusJson(r.version(), new Database(r.database(), r.migrationsCurrent()),
                new BackupRoot(d.path().toString(), d.exists(), d.totalBytes(), d.freeBytes(), d.usedBytes()),
                new HostCounts(r.hosts().size(), enabled, stale, StateCounts.ofHosts(r.hosts())),
                new RunCounts(r.queued(), r.running()),
                r.heartbeats().stream().map(hb -> Heartbeat.of(hb, r.generatedAt())).toList(), r.generatedAt());
    }
}
