package org.pobsync.schedule;

import java.time.Instant;
import java.time.ZoneId;

/** When a host is backed up automatically. One schedule per host. */
public record Schedule(long id, long hostId, String hostName, String cronExpression, ZoneId timeZone,
                       boolean prune, boolean enabled, Instant lastEnqueuedAt, Instant nextRunAt,
                       String lastError, Instant createdAt, Instant updatedAt) {

    public CronExpression cron() {
        return CronExpression.parse(cronExpression);
    }
}
