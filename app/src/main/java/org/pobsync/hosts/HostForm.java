package org.pobsync.hosts;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.validation.FieldError;
import org.springframework.validation.BindingResult;

/**
 * The host create/edit form as the browser sends it. Lists are text areas with one value per
 * line; a blank number means "the global default" (or "no limit"). Validation is the
 * {@link HostService}'s, so the panel and the CLI accept exactly the same hosts.
 */
public class HostForm {

    /** The service's field names (shared with the CLI options) mapped to this form's properties. */
    static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("name", "name"), Map.entry("address", "address"), Map.entry("transport", "transport"),
            Map.entry("user", "user"), Map.entry("port", "port"), Map.entry("path", "paths"),
            Map.entry("exclude", "excludes"), Map.entry("rsync-option", "rsyncOptions"),
            Map.entry("bwlimit", "bwlimit"), Map.entry("timeout", "timeout"), Map.entry("use-sudo", "useSudo"),
            Map.entry("notes", "notes"), Map.entry("keep-last", "keepLast"), Map.entry("keep-hourly", "keepHourly"),
            Map.entry("keep-daily", "keepDaily"), Map.entry("keep-weekly", "keepWeekly"),
            Map.entry("keep-monthly", "keepMonthly"), Map.entry("keep-yearly", "keepYearly"));

    private String name;
    private String address;
    private String transport = "ssh";
    private String user;
    private Integer port;
    private String paths;
    private String excludes;
    private String rsyncOptions;
    private Integer bwlimit;
    private Integer timeout;
    private boolean useSudo;
    private boolean enabled = true;
    private String notes;
    private boolean retentionOverride;
    private Integer keepLast;
    private Integer keepHourly;
    private Integer keepDaily;
    private Integer keepWeekly;
    private Integer keepMonthly;
    private Integer keepYearly;

    static HostForm of(Host h) {
        HostForm f = new HostForm();
        f.name = h.name();
        f.address = h.address();
        f.transport = h.transport().name().toLowerCase(java.util.Locale.ROOT);
        f.user = h.sshUser();
        f.port = h.sshPort();
        f.paths = String.join("\n", h.sourcePaths());
        f.excludes = String.join("\n", h.excludes());
        f.rsyncOptions = String.join("\n", h.rsyncOptions());
        f.bwlimit = h.bwlimitKbps();
        f.timeout = h.timeoutSeconds();
        f.useSudo = h.useSudo();
        f.enabled = h.enabled();
        f.notes = h.notes();
        RetentionSettings r = h.retentionOverride();
        f.retentionOverride = r != null;
        if (r != null) {
            f.keepLast = r.keepLast();
            f.keepHourly = r.keepHourly();
            f.keepDaily = r.keepDaily();
            f.keepWeekly = r.keepWeekly();
            f.keepMonthly = r.keepMonthly();
            f.keepYearly = r.keepYearly();
        }
        return f;
    }

    /**
     * The form as a complete description of the host: every list replaces the stored one and a
     * blank value clears the stored one. Problems the service cannot see (a retention override
     * without a rule) go into {@code result}.
     */
    HostChanges toChanges(BindingResult result) {
        Transport t = "local".equals(transport) ? Transport.LOCAL : Transport.SSH;
        if (!"ssh".equals(transport) && !"local".equals(transport)) {
            result.rejectValue("transport", "invalid", "choose ssh or local");
        }
        RetentionSettings retention = null;
        if (retentionOverride) {
            try {
                retention = new RetentionSettings(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly);
                if (!retention.anySet()) {
                    result.rejectValue("retentionOverride", "empty",
                            "set at least one keep rule, or untick the override to use the global policy");
                }
            } catch (IllegalArgumentException e) {
                String field = e.getMessage().substring(0, e.getMessage().indexOf(' '));
                result.rejectValue(FIELDS.getOrDefault(field, "retentionOverride"), "range", e.getMessage());
            }
        }
        return new HostChanges(blankToEmpty(address), t, blankToEmpty(user), port == null ? 0 : port, useSudo,
                lines(paths), lines(excludes), lines(rsyncOptions), bwlimit == null ? 0 : bwlimit,
                timeout == null ? 0 : timeout, retention, true, enabled, notes == null ? "" : notes.strip());
    }

    /** Puts the service's errors next to their fields; an unknown field becomes a form-level error. */
    static void reject(BindingResult result, List<FieldError> errors) {
        for (FieldError e : errors) {
            String property = FIELDS.get(e.field());
            if (property != null) {
                result.rejectValue(property, "invalid", e.message());
            } else {
                result.reject("invalid", e.field() + ": " + e.message());
            }
        }
    }

    static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? null : name.strip();
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getTransport() {
        return transport;
    }

    public void setTransport(String transport) {
        this.transport = transport;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getPaths() {
        return paths;
    }

    public void setPaths(String paths) {
        this.paths = paths;
    }

    public String getExcludes() {
        return excludes;
    }

    public void setExcludes(String excludes) {
        this.excludes = excludes;
    }

    public String getRsyncOptions() {
        return rsyncOptions;
    }

    public void setRsyncOptions(String rsyncOptions) {
        this.rsyncOptions = rsyncOptions;
    }

    public Integer getBwlimit() {
        return bwlimit;
    }

    public void setBwlimit(Integer bwlimit) {
        this.bwlimit = bwlimit;
    }

    public Integer getTimeout() {
        return timeout;
    }

    public void setTimeout(Integer timeout) {
        this.timeout = timeout;
    }

    public boolean isUseSudo() {
        return useSudo;
    }

    public void setUseSudo(boolean useSudo) {
        this.useSudo = useSudo;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getNotes() {
        return notes;
    }

    public void setNotes(String notes) {
        this.notes = notes;
    }

    public boolean isRetentionOverride() {
        return retentionOverride;
    }

    public void setRetentionOverride(boolean retentionOverride) {
        this.retentionOverride = retentionOverride;
    }

    public Integer getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(Integer keepLast) {
        this.keepLast = keepLast;
    }

    public Integer getKeepHourly() {
        return keepHourly;
    }

    public void setKeepHourly(Integer keepHourly) {
        this.keepHourly = keepHourly;
    }

    public Integer getKeepDaily() {
        return keepDaily;
    }

    public void setKeepDaily(Integer keepDaily) {
        this.keepDaily = keepDaily;
    }

    public Integer getKeepWeekly() {
        return keepWeekly;
    }

    public void setKeepWeekly(Integer keepWeekly) {
        this.keepWeekly = keepWeekly;
    }

    public Integer getKeepMonthly() {
        return keepMonthly;
    }

    public void setKeepMonthly(Integer keepMonthly) {
        this.keepMonthly = keepMonthly;
    }

    public Integer getKeepYearly() {
        return keepYearly;
    }

    public void setKeepYearly(Integer keepYearly) {
        this.keepYearly = keepYearly;
    }
}
