package org.pobsync.hosts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;

/**
 * Everything an operator configures about a host, complete: the panel's form, {@code manage
 * configure-host} and the legacy YAML import each build one and hand it to
 * {@link HostService#save}, which checks it whole ({@link HostSpecValidator}) before writing.
 * Null means "the global default" (ssh user, port, timeout), "no limit" (bandwidth), "the global
 * policy" (retention) or "none" (notes).
 *
 * <p>The constructor only normalizes spellings that mean the same thing (blank and null, 0 and
 * null for the numbers whose 0 means "default", a trailing slash on a path); every rule is the
 * validator's. A new host setting is one component here (and in {@link Builder}), one rule in
 * the validator, one {@link HostField}, and its form, CLI and YAML binding.
 */
public record HostSpec(String name, String address, Transport transport, String sshUser, Integer sshPort,
                       boolean useSudo, List<String> sourcePaths, List<String> excludes, List<String> rsyncOptions,
                       Integer bwlimitKbps, Integer timeoutSeconds, RetentionSettings retentionOverride,
                       boolean enabled, String notes) {

    /** A local host's files are on this server; its address is only a label. */
    public static final String LOCAL_ADDRESS = "localhost";

    public HostSpec {
        transport = transport == null ? Transport.SSH : transport;
        address = blankToNull(address);
        if (address == null && transport == Transport.LOCAL) {
            address = LOCAL_ADDRESS;
        }
        sshUser = blankToNull(sshUser);
        sshPort = zeroToNull(sshPort);
        sourcePaths = copy(sourcePaths).stream().map(HostSpec::withoutTrailingSlash).toList();
        excludes = copy(excludes);
        rsyncOptions = copy(rsyncOptions);
        bwlimitKbps = zeroToNull(bwlimitKbps);
        timeoutSeconds = zeroToNull(timeoutSeconds);
        notes = blankToNull(notes);
    }

    /** A new host's spec: ssh, enabled, nothing else set. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** This spec to change a few fields of. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean isLocal() {
        return transport == Transport.LOCAL;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Integer zeroToNull(Integer i) {
        return i == null || i == 0 ? null : i;
    }

    /** Unmodifiable; a null element stays, for the validator to name. */
    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** "/srv/" and "/srv" are the same directory; rsync would copy only the contents of the first. */
    private static String withoutTrailingSlash(String p) {
        return p != null && p.length() > 1 && p.endsWith("/") ? p.replaceAll("/+$", "") : p;
    }

    /** A spec under construction, for callers that set a few fields and keep the rest. */
    public static final class Builder {
        private final String name;
        private String address;
        private Transport transport = Transport.SSH;
        private String sshUser;
        private Integer sshPort;
        private boolean useSudo;
        private List<String> sourcePaths = List.of();
        private List<String> excludes = List.of();
        private List<String> rsyncOptions = List.of();
        private Integer bwlimitKbps;
        private Integer timeoutSeconds;
        private RetentionSettings retentionOverride;
        private boolean enabled = true;
        private String notes;

        private Builder(String name) {
            this.name = name;
        }

        private Builder(HostSpec s) {
            this(s.name);
            address = s.address;
            transport = s.transport;
            sshUser = s.sshUser;
            sshPort = s.sshPort;
            useSudo = s.useSudo;
            sourcePaths = s.sourcePaths;
            excludes = s.excludes;
            rsyncOptions = s.rsyncOptions;
            bwlimitKbps = s.bwlimitKbps;
            timeoutSeconds = s.timeoutSeconds;
            retentionOverride = s.retentionOverride;
            enabled = s.enabled;
            notes = s.notes;
        }

        public Builder address(String v) {
            address = v;
            return this;
        }

        public Builder transport(Transport v) {
            transport = v;
            return this;
        }

        public Builder sshUser(String v) {
            sshUser = v;
            return this;
        }

        public Builder sshPort(Integer v) {
            sshPort = v;
            return this;
        }

        public Builder useSudo(boolean v) {
            useSudo = v;
            return this;
        }

        public Builder sourcePaths(List<String> v) {
            sourcePaths = v;
            return this;
        }

        public Builder excludes(List<String> v) {
            excludes = v;
            return this;
        }

        public Builder rsyncOptions(List<String> v) {
            rsyncOptions = v;
            return this;
        }

        public Builder bwlimitKbps(Integer v) {
            bwlimitKbps = v;
            return this;
        }

        public Builder timeoutSeconds(Integer v) {
            timeoutSeconds = v;
            return this;
        }

        public Builder retentionOverride(RetentionSettings v) {
            retentionOverride = v;
            return this;
        }

        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        public Builder notes(String v) {
            notes = v;
            return this;
        }

        public HostSpec build() {
            return new HostSpec(name, address, transport, sshUser, sshPort, useSudo, sourcePaths, excludes,
                    rsyncOptions, bwlimitKbps, timeoutSeconds, retentionOverride, enabled, notes);
        }
    }
}
