package org.pobsync.hosts;

import java.util.List;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;

/**
 * A create or an update of a host, from a form or the CLI. A null field means "leave as it is"
 * (or the default on create); a non-null list replaces the stored list. {@code bwlimitKbps} or
 * {@code timeoutSeconds} of 0 clears the value (no limit / the global default).
 */
public record HostChanges(String address, Transport transport, String sshUser, Integer sshPort,
                          Boolean useSudo, List<String> sourcePaths, List<String> excludes,
                          List<String> rsyncOptions, Integer bwlimitKbps, Integer timeoutSeconds,
                          RetentionSettings retention, boolean clearRetentionOverride, Boolean enabled,
                          String notes) {

    public static HostChanges none() {
        return new HostChanges(null, null, null, null, null, null, null, null, null, null, null, false, null, null);
    }

    public HostChanges withAddress(String v) {
        return new HostChanges(v, transport, sshUser, sshPort, useSudo, sourcePaths, excludes, rsyncOptions,
                bwlimitKbps, timeoutSeconds, retention, clearRetentionOverride, enabled, notes);
    }

    public HostChanges withTransport(Transport v) {
        return new HostChanges(address, v, sshUser, sshPort, useSudo, sourcePaths, excludes, rsyncOptions,
                bwlimitKbps, timeoutSeconds, retention, clearRetentionOverride, enabled, notes);
    }

    public HostChanges withSshPort(Integer v) {
        return new HostChanges(address, transport, sshUser, v, useSudo, sourcePaths, excludes, rsyncOptions,
                bwlimitKbps, timeoutSeconds, retention, clearRetentionOverride, enabled, notes);
    }

    public HostChanges withSshUser(String v) {
        return new HostChanges(address, transport, v, sshPort, useSudo, sourcePaths, excludes, rsyncOptions,
                bwlimitKbps, timeoutSeconds, retention, clearRetentionOverride, enabled, notes);
    }

    public HostChanges withSourcePaths(List<String> v) {
        return new HostChanges(address, transport, sshUser, sshPort, useSudo, v, excludes, rsyncOptions,
                bwlimitKbps, timeoutSeconds, retention, clearRetentionOverride, enabled, notes);
    }

    public HostChanges withExcludes(List<String> v) {
        return new HostChanges(address, transport, sshUser, sshPort, useSudo, sourcePaths, v, rsyncOptions,
                bwlimitKbps, timeoutSeconds, retention, clearRetentionOverride, enabled, notes);
    }

    public HostChanges withRsyncOptions(List<String> v) {
        return new HostChanges(address, transport, sshUser, sshPort, useSudo, sourcePaths, excludes, v,
                bwlimitKbps, timeoutSeconds, retention, clearRetentionOverride, enabled, notes);
    }

    public HostChanges withEnabled(Boolean v) {
        return new HostChanges(address, transport, sshUser, sshPort, useSudo, sourcePaths, excludes, rsyncOptions,
                bwlimitKbps, timeoutSeconds, retention, clearRetentionOverride, v, notes);
    }

    public HostChanges withRetention(RetentionSettings v) {
        return new HostChanges(address, transport, sshUser, sshPort, useSudo, sourcePaths, excludes, rsyncOptions,
                bwlimitKbps, timeoutSeconds, v, clearRetentionOverride, enabled, notes);
    }
}
