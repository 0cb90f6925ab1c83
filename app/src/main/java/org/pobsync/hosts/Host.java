package org.pobsync.hosts;

import java.time.Instant;
import java.util.List;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;

/**
 * A machine pobsync backs up, as stored: its configuration ({@link HostSpec}) and what the
 * database adds (id, the run holding it, times). The name is its identity: immutable, and the
 * directory name under the backup root. The accessors below read the spec, so callers write
 * {@code host.address()}; a new setting is read as {@code host.spec().newSetting()}.
 */
public record Host(long id, HostSpec spec, Long activeRunId, Instant createdAt, Instant updatedAt) {

    public String name() {
        return spec.name();
    }

    public String address() {
        return spec.address();
    }

    public Transport transport() {
        return spec.transport();
    }

    /** Null: the global default. */
    public String sshUser() {
        return spec.sshUser();
    }

    /** Null: the global default. */
    public Integer sshPort() {
        return spec.sshPort();
    }

    public boolean useSudo() {
        return spec.useSudo();
    }

    public List<String> sourcePaths() {
        return spec.sourcePaths();
    }

    public List<String> excludes() {
        return spec.excludes();
    }

    public List<String> rsyncOptions() {
        return spec.rsyncOptions();
    }

    /** Null: no limit. */
    public Integer bwlimitKbps() {
        return spec.bwlimitKbps();
    }

    /** Null: the global default. */
    public Integer timeoutSeconds() {
        return spec.timeoutSeconds();
    }

    /** Null: the global policy. */
    public RetentionSettings retentionOverride() {
        return spec.retentionOverride();
    }

    public boolean enabled() {
        return spec.enabled();
    }

    public String notes() {
        return spec.notes();
    }

    public boolean hasRetentionOverride() {
        return spec.retentionOverride() != null;
    }
}
