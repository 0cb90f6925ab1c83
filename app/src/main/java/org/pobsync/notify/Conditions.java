package org.pobsync.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pobsync.db.Database;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.format.Human;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.retention.PruneQueue;
import org.pobsync.retention.PruneRequest;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.schedule.Schedule;
import org.pobsync.schedule.ScheduleService;
import org.pobsync.status.AlertSettings;
import org.pobsync.status.HostState;
import org.pobsync.status.HostSummary;
import org.pobsync.status.StatusService;

/**
 * Every alert condition as it is now (SPEC section 14), from the same functions the panel uses:
 * each host's state ({@link org.pobsync.status.HostHealth}), the backup root's space, the
 * services' heartbeats ({@link Heartbeats.Heartbeat#fresh}), the schedules' last errors, the
 * newest prune of each host, and the newest run of each host. A fixed handful of queries
 * whatever the number of hosts.
 */
final class Conditions {

    static final String BACKUP_ROOT = "backup root";
    /** A heartbeat older than this belongs to a service that was taken away, not one that is down. */
    static final Duration SERVICE_GONE = Duration.ofDays(7);

    private final Database db;
    private final StatusService status;
    private final Heartbeats heartbeats;
    private final ScheduleService schedules;
    private final PruneQueue prunes;

    Conditions(Database db, StatusService status, Heartbeats heartbeats, ScheduleService schedules, PruneQueue prunes) {
        this.db = db;
        this.status = status;
        this.heartbeats = heartbeats;
        this.schedules = schedules;
        this.prunes = prunes;
    }

    /** The conditions now, and the host overview they were read from (the digest lists it). */
    record Reading(List<Condition> conditions, List<HostSummary> hosts) {
    }

    Reading read(AlertSettings settings, Instant now) {
        List<Condition> out = new ArrayList<>();
        List<HostSummary> hosts = status.hostSummaries();
        Set<String> enabled = new HashSet<>();
        for (HostSummary h : hosts) {
            out.add(host(h));
            if (h.enabled()) {
                enabled.add(h.name());
            }
        }
        out.add(disk(status.backupRootUsage(), settings.diskFreePercent()));
        for (Heartbeats.Heartbeat hb : heartbeats.all()) {
            service(hb, now, out);
        }
        for (Schedule s : schedules.list()) {
            String host = s.hostName();
            out.add(!s.enabled() || !enabled.contains(host) ? Condition.quiet(AlertKind.SCHEDULE, host, host, "disabled")
                    : s.lastError() != null ? Condition.bad(AlertKind.SCHEDULE, host, host, "not_queued",
                    "the schedule of " + host + " could not queue a backup: " + s.lastError())
                    : Condition.good(AlertKind.SCHEDULE, host, host, "ok", "the schedule of " + host + " queues backups again"));
        }
        for (PruneRequest p : prunes.newestFinishedPerHost()) {
            String host = p.hostName();
            out.add(p.refusedByBound() ? Condition.bad(AlertKind.PRUNE, host, host, "refused",
                    "the prune of " + host + " requested by " + p.requestedBy() + " was refused: " + p.summary())
                    : Condition.good(AlertKind.PRUNE, host, host, "ok", "a newer prune of " + host + " went through"));
        }
        for (NewestRun r : newestFinishedRuns()) {
            out.add(BackupRun.hostKeyChanged(r.status(), r.error())
                    ? Condition.bad(AlertKind.HOST_KEY, r.host(), r.host(), "mismatch", "run " + r.runId() + " of "
                    + r.host() + " met a host key other than the pinned one: " + Human.firstLine(r.error())
                    + "; verify the host before re-pinning its key")
                    : Condition.good(AlertKind.HOST_KEY, r.host(), r.host(), "ok",
                    "run " + r.runId() + " of " + r.host() + " connected with the pinned host key"));
        }
        return new Reading(out, hosts);
    }

    private static Condition host(HostSummary h) {
        HostState s = h.state();
        if (s == HostState.DISABLED) {
            return Condition.quiet(AlertKind.HOST, h.name(), h.name(), s.dbValue());
        }
        String why = h.health().reason();
        if (s.bad()) {
            return Condition.bad(AlertKind.HOST, h.name(), h.name(), s.dbValue(), h.name() + " is "
                    + h.health().label() + ": " + why);
        }
        return Condition.good(AlertKind.HOST, h.name(), h.name(), s.dbValue(), h.name() + " is ok again"
                + (h.lastGoodAt() == null ? "" : ": good snapshot " + h.lastGoodName() + " of "
                + Human.utc(h.lastGoodAt())) + (why == null ? "" : "; " + why));
    }

    static Condition disk(DiskUsage d, int thresholdPercent) {
        if (!d.exists()) {
            return Condition.bad(AlertKind.DISK, BACKUP_ROOT, null, "missing", "the backup root " + d.path()
                    + " does not exist: is its disk mounted? Backups fail until it is back");
        }
        if (thresholdPercent > 0 && d.totalBytes() > 0 && d.freeBytes() * 100 < (long) thresholdPercent * d.totalBytes()) {
            return Condition.bad(AlertKind.DISK, BACKUP_ROOT, null, "low", "the backup root " + d.path() + " has "
                    + Human.bytes(d.freeBytes()) + " free of " + Human.bytes(d.totalBytes()) + " ("
                    + (d.freeBytes() * 100 / d.totalBytes()) + " %), under the " + thresholdPercent + " % threshold");
        }
        return Condition.good(AlertKind.DISK, BACKUP_ROOT, null, "ok", "the backup root " + d.path() + " has "
                + Human.bytes(d.freeBytes()) + " free of " + Human.bytes(d.totalBytes()));
    }

    private static void service(Heartbeats.Heartbeat hb, Instant now, List<Condition> out) {
        if (!hb.component().equals("scheduler") && !hb.component().startsWith("worker")) {
            return;
        }
        String service = hb.component().replaceAll(":.*", "");
        String subject = service + " on " + hb.hostname();
        if (hb.lastSeenAt().isBefore(now.minus(SERVICE_GONE))) {
            out.add(Condition.quiet(AlertKind.SERVICE, subject, null, "gone"));
        } else if (!hb.fresh(now)) {
            out.add(Condition.bad(AlertKind.SERVICE, subject, null, "down", "the " + subject
                    + " has not reported since " + Human.utc(hb.lastSeenAt()) + " (" + Human.age(hb.lastSeenAt(), now)
                    + "; it reports at least every minute): is pobsync-" + service + " running there?"));
        } else {
            out.add(Condition.good(AlertKind.SERVICE, subject, null, "up", "the " + subject + " reports again"));
        }
    }

    private record NewestRun(String host, long runId, RunStatus status, String error) {
    }

    /** The newest finished run (dry runs too: they connect as well) of every host, narrow rows. */
    private List<NewestRun> newestFinishedRuns() {
        return db.jdbc().sql("SELECT h.name, r.id, r.status, r.error_summary FROM host h JOIN backup_run r"
                        + " ON r.id = (SELECT MAX(r2.id) FROM backup_run r2 WHERE r2.host_id = h.id"
                        + " AND r2.finished_at IS NOT NULL)")
                .query((rs, n) -> new NewestRun(rs.getString("name"), rs.getLong("id"),
                        RunStatus.parse(rs.getString("status")), rs.getString("error_summary")))
                .list();
    }
}
