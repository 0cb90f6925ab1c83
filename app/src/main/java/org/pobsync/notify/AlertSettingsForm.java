package org.pobsync.notify;

import org.pobsync.status.AlertSettings;
import org.pobsync.validation.Errors;

/** The alert settings form of the notifications page; numbers as text (blank: off where allowed). */
public class AlertSettingsForm {

    private String defaultExpectEvery = "";
    private String reminderHours = "";
    private String digestHour = "";
    private String diskFreePercent = "";
    private String panelUrl = "";

    static AlertSettingsForm of(AlertSettings s) {
        AlertSettingsForm f = new AlertSettingsForm();
        f.defaultExpectEvery = String.valueOf(s.defaultExpectHours());
        f.reminderHours = s.reminderHours() == null ? "" : String.valueOf(s.reminderHours());
        f.digestHour = s.digestHour() == null ? "" : String.valueOf(s.digestHour());
        f.diskFreePercent = String.valueOf(s.diskFreePercent());
        f.panelUrl = s.panelUrl() == null ? "" : s.panelUrl();
        return f;
    }

    AlertSettings toSettings(Errors errors) {
        Integer expect = errors.wholeNumber(defaultExpectEvery, "default-expect-every");
        Integer disk = errors.wholeNumber(diskFreePercent, "disk-free-percent");
        return new AlertSettings(expect == null ? 0 : expect, errors.wholeNumber(reminderHours, "reminder-hours"),
                errors.wholeNumber(digestHour, "digest-hour"), disk == null ? 0 : disk, panelUrl, null);
    }

    public String getDefaultExpectEvery() {
        return defaultExpectEvery;
    }

    public void setDefaultExpectEvery(String defaultExpectEvery) {
        this.defaultExpectEvery = defaultExpectEvery;
    }

    public String getReminderHours() {
        return reminderHours;
    }

    public void setReminderHours(String reminderHours) {
        this.reminderHours = reminderHours;
    }

    public String getDigestHour() {
        return digestHour;
    }

    public void setDigestHour(String digestHour) {
        this.digestHour = digestHour;
    }

    public String getDiskFreePercent() {
        return diskFreePercent;
    }

    public void setDiskFreePercent(String diskFreePercent) {
        this.diskFreePercent = diskFreePercent;
    }

    public String getPanelUrl() {
        return panelUrl;
    }

    public void setPanelUrl(String panelUrl) {
        this.panelUrl = panelUrl;
    }
}
