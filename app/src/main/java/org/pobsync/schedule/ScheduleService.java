package org.pobsync.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.pobsync.audit.AuditLog;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.validation.Errors;
import org.pobsync.validation.TimeZones;

/** Creating and changing schedules; computing their next run. */
public final class ScheduleService {

    private final ScheduleRepository schedules;
    private final HostService hosts;
    private final AuditLog audit;
    private final Clock clock;

    public ScheduleService(ScheduleRepository schedules, HostService hosts, AuditLog audit, Clock clock) {
        this.schedules = schedules;
        this.hosts = hosts;
        this.audit = audit;
        this.clock = clock;
    }

    public Optional<Schedule> forHost(String hostName) {
        return schedules.findByHostId(hosts.get(hostName).id());
    }

    public List<Schedule> list() {
        return schedules.findAll();
    }

    /**
     * Creates or replaces the host's schedule. A null zone keeps the stored one (or the server's
     * zone on create).
     */
    public Schedule configure(String hostName, String cronText, String zoneText, boolean prune, boolean enabled,
                              String actor) {
        Host host = hosts.get(hostName);
        Errors errors = new Errors();
        CronExpression[] cron = new CronExpression[1];
        errors.check("schedule-expression", () -> cron[0] = CronExpression.parse(cronText));
        ZoneId[] zone = new ZoneId[1];
        Optional<Schedule> existing = schedules.findByHostId(host.id());
        errors.check("time-zone", () -> zone[0] = zone(zoneText,
                existing.map(Schedule::timeZone).orElse(clock.getZone())));
        errors.throwIfAny();
        Instant now = clock.instant();
        Instant firstRun = cron[0].nextAfter(now, zone[0]).orElse(null);
        if (firstRun == null) {
            errors.add("schedule-expression", "cron expression '" + cron[0].text()
                    + "' never matches a date (e.g. 30 February): the host would never be backed up");
            errors.throwIfAny();
        }
        // Same expression and zone, still enabled: keep the pending slot (one missed while the
        // scheduler was down is still caught up) and leave the slot columns to the scheduler.
        boolean sameTiming = enabled && existing.filter(e -> e.enabled() && e.nextRunAt() != null
                && e.cronExpression().equals(cron[0].text()) && e.timeZone().equals(zone[0])).isPresent();
        Instant next = !enabled ? null : sameTiming ? existing.get().nextRunAt() : firstRun;
        Schedule s = new Schedule(existing.map(Schedule::id).orElse(0L), host.id(), host.name(), cron[0].text(),
                zone[0], prune, enabled, existing.map(Schedule::lastEnqueuedAt).orElse(null), next, null,
                existing.map(Schedule::createdAt).orElse(now), now);
        if (sameTiming) {
            schedules.updateSettings(s);
        } else if (existing.isPresent()) {
            schedules.update(s);
        } else {
            schedules.insert(s);
        }
        audit.record(actor, existing.isPresent() ? "schedule.update" : "schedule.create", host.name(),
                "cron=" + s.cronExpression() + " zone=" + s.timeZone().getId() + " prune=" + prune
                        + " enabled=" + enabled);
        return schedules.findByHostId(host.id()).orElseThrow();
    }

    /** The zone {@code text} names (blank: {@code fallback}), or IllegalArgumentException in words. */
    public static ZoneId zone(String text, ZoneId fallback) {
        return TimeZones.parse(text, fallback);
    }
}
