package org.pobsync.legacy;

import org.pobsync.schedule.Schedule;

/** The {@code schedule:} block of a host file. */
public record LegacySchedule(String cron, String timeZone, boolean prune, boolean enabled) {

    static LegacySchedule from(Schedule s) {
        return new LegacySchedule(s.cronExpression(), s.timeZone().getId(), s.prune(), s.enabled());
    }
}
