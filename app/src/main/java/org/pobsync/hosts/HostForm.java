package org.pobsync.hosts;

import java.util.Arrays;
import java.util.List;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.validation.Errors;
import org.pobsync.validation.FieldError;
import org.springframework.validation.BindingResult;

/**
 * The host create/edit form as the browser sends it. Lists are text areas with one value per
 * line; a blank number means "the global default" (or "no limit"). The form is bound to a whole
 * {@link HostSpec}; the rules are the {@link HostSpecValidator}'s, whose errors name these
 * properties ({@link HostField#form()}), so the panel and the CLI accept exactly the same hosts.
 */
public class HostForm {

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
     * The form as the host's complete spec: every list replaces the stored one and a blank value
     * clears the stored one. What cannot be put into a spec at all (an unknown transport, a keep
     * rule out of range) goes into {@code result}; the validator checks the rest.
     */
    HostSpec toSpec(String hostName, BindingResult result) {
        if (!"ssh".equals(transport) && !"local".equals(transport)) {
            result.rejectValue("transport", "invalid", "choose ssh or local");
        }
        return HostSpec.builder(hostName)
                .address(strip(address))
                .transport("local".equals(transport) ? Transport.LOCAL : Transport.SSH)
                .sshUser(strip(user))
                .sshPort(port)
                .useSudo(useSudo)
                .sourcePaths(lines(paths))
                .excludes(lines(excludes))
                .rsyncOptions(lines(rsyncOptions))
                .bwlimitKbps(bwlimit)
                .timeoutSeconds(timeout)
                .retentionOverride(retentionOverride ? retention(result) : null)
                .enabled(enabled)
                .notes(strip(notes))
                .build();
    }

    /** The override's rules; a rule out of range is reported next to its own field and left unset. */
    private RetentionSettings retention(BindingResult result) {
        Errors errors = new Errors();
        errors.check("keepLast", () -> RetentionSettings.check("keep-last", keepLast));
        errors.check("keepHourly", () -> RetentionSettings.check("keep-hourly", keepHourly));
        errors.check("keepDaily", () -> RetentionSettings.check("keep-daily", keepDaily));
        errors.check("keepWeekly", () -> RetentionSettings.check("keep-weekly", keepWeekly));
        errors.check("keepMonthly", () -> RetentionSettings.check("keep-monthly", keepMonthly));
        errors.check("keepYearly", () -> RetentionSettings.check("keep-yearly", keepYearly));
        reject(result, errors.list());
        if (!errors.isEmpty()) {
            return null; // not saved: the bad rule is reported next to its field, and nothing more about the override
        }
        return new RetentionSettings(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly);
    }

    /** Puts each error next to its field: the validator's field names are this form's properties. */
    static void reject(BindingResult result, List<FieldError> errors) {
        for (FieldError e : errors) {
            result.rejectValue(e.field(), "invalid", e.message());
        }
    }

    static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
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
