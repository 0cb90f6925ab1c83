package org.pobsync.api;

import java.time.Instant;
import java.util.List;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.RetentionSettings;
import org.pobsync.credentials.PinnedHostKey;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;
import org.pobsync.runs.RunJson;
import org.pobsync.schedule.Schedule;
import org.pobsync.status.StatusService;

/**
 * A host in /api/hosts/ and /api/hosts/{name}/. Field names are a contract (docs/api.md): add
 * fields, never rename them. {@code ssh_user} and {@code ssh_port} are the values pobsync uses
 * (the global default when the host sets none); both are null for the local transport.
 */
record HostJson(String name, String url, String address, String transport, String sshUser, Integer sshPort,
                boolean useSudo, List<String> sourcePaths, boolean missingPathsAreWarnings,
                List<String> excludePatterns, List<String> rsyncOptions,
                Integer bwlimitKbps, Integer timeoutSeconds, Retention retention, boolean enabled, String notes,
                List<PinnedKey> pinnedHostKeys, ScheduleJson schedule, RunJson lastRun,
                SnapshotJson lastGoodSnapshot, boolean stale, String state, String stateReason,
                long expectedEveryHours, String expectationSource, Instant createdAt, Instant updatedAt) {

    /** The retention policy in force and where it comes from ("host" or "global"). */
    record Retention(Integer keepLast, Integer keepHourly, Integer keepDaily, Integer keepWeekly,
                     Integer keepMonthly, Integer keepYearly, String source) {
        static Retention of(RetentionSettings r, String source) {
            return new Retention(r.keepLast(), r.keepHourly(), r.keepDaily(), r.keepWeekly(), r.keepMonthly(),
                    r.keepYearly(), source);
        }
    }

    record PinnedKey(String type, String fingerprint, Instant pinnedAt, String pinnedBy) {
        static PinnedKey of(PinnedHostKey k) {
            return new PinnedKey(k.keyType(), k.fingerprint(), k.pinnedAt(), k.pinnedBy());
        }
    }

    record ScheduleJson(String cronExpression, String timeZone, boolean enabled, boolean prune, Instant nextRunAt,
                        Instant lastEnqueuedAt) {
        static ScheduleJson of(Schedule s) {
            return s == null ? null : new ScheduleJson(s.cronExpression(), s.timeZone().getId(), s.enabled(),
                    s.prune(), s.nextRunAt(), s.lastEnqueuedAt());
        }
    }

    static HostJson of(StatusService.HostStatus status, List<PinnedHostKey> pinned, GlobalConfig global,
                       Instant now) {
        Host h = status.host();
        boolean ssh = h.transport() == Transport.SSH;
        Retention retention = h.retentionOverride() != null ? Retention.of(h.retentionOverride(), "host")
                : Retention.of(global.retention(), "global");
        return new HostJson(h.name(), "/api/hosts/" + h.name() + "/", h.address(),
                h.transport().name().toLowerCase(java.util.Locale.ROOT),
                ssh ? (h.sshUser() != null ? h.sshUser() : global.defaultSshUser()) : null,
                ssh ? (h.sshPort() != null ? h.sshPort() : global.defaultSshPort()) : null,
                h.useSudo(), h.sourcePaths(), h.missingPathsAreWarnings(), h.excludes(), h.rsyncOptions(), h.bwlimitKbps(), h.timeoutSeconds(),
                retention, h.enabled(), h.notes(), pinned.stream().map(PinnedKey::of).toList(),
                ScheduleJson.of(status.schedule()), status.lastRun() == null ? null : RunJson.of(status.lastRun(), now),
                status.lastGood() == null ? null : SnapshotJson.of(status.lastGood()), status.health().stale(),
                status.state().dbValue(), status.health().reason(), status.health().expectation().hours(),
                status.health().expectation().source().dbValue(), h.createdAt(), h.updatedAt());
    }
}
