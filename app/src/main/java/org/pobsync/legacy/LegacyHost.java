package org.pobsync.legacy;

import java.util.List;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostChanges;
import org.pobsync.schedule.Schedule;

/**
 * The contents of {@code config/hosts/<name>.yaml}. Nulls mean what they mean on a host: the
 * global default (ssh user, port, timeout), no limit (bwlimit), the global retention policy
 * (retention), no notes, no schedule.
 */
public record LegacyHost(String name, String address, Transport transport, String sshUser, Integer sshPort,
                         boolean useSudo, List<String> sourcePaths, List<String> excludes,
                         List<String> rsyncOptions, Integer bwlimitKbps, Integer timeoutSeconds,
                         RetentionSettings retention, boolean enabled, String notes, LegacySchedule schedule) {

    public LegacyHost {
        sourcePaths = List.copyOf(sourcePaths);
        excludes = List.copyOf(excludes);
        rsyncOptions = List.copyOf(rsyncOptions);
    }

    static LegacyHost from(Host h, Schedule s) {
        return new LegacyHost(h.name(), h.address(), h.transport(), h.sshUser(), h.sshPort(), h.useSudo(),
                h.sourcePaths(), h.excludes(), h.rsyncOptions(), h.bwlimitKbps(), h.timeoutSeconds(),
                h.retentionOverride(), h.enabled(), h.notes(), s == null ? null : LegacySchedule.from(s));
    }

    /**
     * Every field stated (HostChanges reads null as "keep"), so the import replaces what the
     * database held instead of merging with it: "" and 0 are the service's spelling of "unset",
     * and the retention override is cleared before the file's one is applied.
     */
    HostChanges toChanges() {
        return new HostChanges(address, transport, sshUser == null ? "" : sshUser, sshPort == null ? 0 : sshPort,
                useSudo, sourcePaths, excludes, rsyncOptions, bwlimitKbps == null ? 0 : bwlimitKbps,
                timeoutSeconds == null ? 0 : timeoutSeconds, retention, true, enabled, notes == null ? "" : notes);
    }
}
