package org.pobsync.legacy;

import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostSpec;
import org.pobsync.schedule.Schedule;

/**
 * The contents of {@code config/hosts/<name>.yaml}: the host's complete spec (a key left out
 * takes the spec's default, so an import replaces what the database held instead of merging with
 * it) and its schedule, null when the file has none.
 */
public record LegacyHost(HostSpec spec, LegacySchedule schedule) {

    public String name() {
        return spec.name();
    }

    static LegacyHost from(Host h, Schedule s) {
        return new LegacyHost(h.spec(), s == null ? null : LegacySchedule.from(s));
    }
}
