package org.pobsync.config;

import java.util.Locale;
import org.pobsync.engine.StoreSetting;
import org.pobsync.validation.Errors;

/**
 * The settings page's form: everything {@code manage configure-global} sets, as text. Errors
 * carry the CLI's field names (its option names without dashes in front); {@link #property}
 * turns one into the form property it belongs next to.
 */
public class GlobalSettingsForm {

    private String backupRoot = "";
    private String keepLast = "";
    private String keepHourly = "";
    private String keepDaily = "";
    private String keepWeekly = "";
    private String keepMonthly = "";
    private String keepYearly = "";
    private String timeout = "";
    private String maxConcurrent = "";
    private String defaultUser = "";
    private String defaultPort = "";
    private String staleRunTimeout = "";
    private String runLogRetentionDays = "";
    private String snapshotStore = "";
    private boolean initialize;

    static GlobalSettingsForm of(GlobalConfig c) {
        GlobalSettingsForm f = new GlobalSettingsForm();
        f.backupRoot = c.backupRoot().toString();
        RetentionSettings r = c.retention();
        f.keepLast = text(r.keepLast());
        f.keepHourly = text(r.keepHourly());
        f.keepDaily = text(r.keepDaily());
        f.keepWeekly = text(r.keepWeekly());
        f.keepMonthly = text(r.keepMonthly());
        f.keepYearly = text(r.keepYearly());
        f.timeout = text(c.rsyncTimeoutSeconds());
        f.maxConcurrent = text(c.maxConcurrentBackups());
        f.defaultUser = c.defaultSshUser();
        f.defaultPort = text(c.defaultSshPort());
        f.staleRunTimeout = text(c.staleRunTimeoutSeconds());
        f.runLogRetentionDays = text(c.runLogRetentionDays());
        f.snapshotStore = c.snapshotStore().dbValue();
        return f;
    }

    /**
     * The change this form asks for against {@code current}: the whole retention policy (a blank
     * rule is not used), every other value as given. An unchanged backup root is left out, so
     * saving other settings never re-checks or creates it. Problems go into {@code errors}; the
     * service's own validation (the CLI's) runs on the result.
     */
    GlobalConfigService.Changes toChanges(GlobalConfig current, Errors errors) {
        RetentionSettings retention = new RetentionSettings(rule(errors, "keep-last", keepLast),
                rule(errors, "keep-hourly", keepHourly), rule(errors, "keep-daily", keepDaily),
                rule(errors, "keep-weekly", keepWeekly), rule(errors, "keep-monthly", keepMonthly),
                rule(errors, "keep-yearly", keepYearly));
        StoreSetting store = GlobalConfigService.parseStore(snapshotStore, errors);
        String root = backupRoot == null ? "" : backupRoot.strip();
        return new GlobalConfigService.Changes(root.equals(current.backupRoot().toString()) && !initialize ? null : root,
                retention, required(errors, "timeout", timeout), required(errors, "max-concurrent", maxConcurrent),
                defaultUser == null ? "" : defaultUser.strip(), required(errors, "default-port", defaultPort),
                required(errors, "stale-run-timeout", staleRunTimeout),
                required(errors, "run-log-retention-days", runLogRetentionDays), store, initialize);
    }

    /** The form property of a CLI field name: backup-root → backupRoot. */
    static String property(String field) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char ch : field.toCharArray()) {
            if (ch == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return b.toString();
    }

    /** A keep rule: blank is "not used"; the range check is the one the CLI's options use. */
    private static Integer rule(Errors errors, String field, String text) {
        Integer n = errors.wholeNumber(text, field);
        errors.check(field, () -> RetentionSettings.check(field, n));
        return n == null || n < 0 || n > 100_000 ? null : n;
    }

    private static Integer required(Errors errors, String field, String text) {
        if (text == null || text.isBlank()) {
            errors.add(field, "required");
            return null;
        }
        return errors.wholeNumber(text, field);
    }

    private static String text(Integer n) {
        return n == null ? "" : String.valueOf(n);
    }

    public String getBackupRoot() {
        return backupRoot;
    }

    public void setBackupRoot(String backupRoot) {
        this.backupRoot = backupRoot;
    }

    public String getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(String keepLast) {
        this.keepLast = keepLast;
    }

    public String getKeepHourly() {
        return keepHourly;
    }

    public void setKeepHourly(String keepHourly) {
        this.keepHourly = keepHourly;
    }

    public String getKeepDaily() {
        return keepDaily;
    }

    public void setKeepDaily(String keepDaily) {
        this.keepDaily = keepDaily;
    }

    public String getKeepWeekly() {
        return keepWeekly;
    }

    public void setKeepWeekly(String keepWeekly) {
        this.keepWeekly = keepWeekly;
    }

    public String getKeepMonthly() {
        return keepMonthly;
    }

    public void setKeepMonthly(String keepMonthly) {
        this.keepMonthly = keepMonthly;
    }

    public String getKeepYearly() {
        return keepYearly;
    }

    public void setKeepYearly(String keepYearly) {
        this.keepYearly = keepYearly;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getMaxConcurrent() {
        return maxConcurrent;
    }

    public void setMaxConcurrent(String maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    public String getDefaultUser() {
        return defaultUser;
    }

    public void setDefaultUser(String defaultUser) {
        this.defaultUser = defaultUser;
    }

    public String getDefaultPort() {
        return defaultPort;
    }

    public void setDefaultPort(String defaultPort) {
        this.defaultPort = defaultPort;
    }

    public String getStaleRunTimeout() {
        return staleRunTimeout;
    }

    public void setStaleRunTimeout(String staleRunTimeout) {
        this.staleRunTimeout = staleRunTimeout;
    }

    public String getRunLogRetentionDays() {
        return runLogRetentionDays;
    }

    public void setRunLogRetentionDays(String runLogRetentionDays) {
        this.runLogRetentionDays = runLogRetentionDays;
    }

    public String getSnapshotStore() {
        return snapshotStore;
    }

    public void setSnapshotStore(String snapshotStore) {
        this.snapshotStore = snapshotStore == null ? null : snapshotStore.toLowerCase(Locale.ROOT);
    }

    public boolean isInitialize() {
        return initialize;
    }

    public void setInitialize(boolean initialize) {
        this.initialize = initialize;
    }
}
