package org.pobsync.schedule;

import java.util.Map;
import org.pobsync.validation.FieldError;
import org.springframework.validation.BindingResult;

/** The schedule form of a host page. */
public class ScheduleForm {

    /** The service's field names (shared with the CLI options) mapped to this form's properties. */
    static final Map<String, String> FIELDS = Map.of("schedule-expression", "cron", "time-zone", "timeZone");

    private String cron;
    private String timeZone;
    private boolean prune;
    private boolean enabled = true;

    static ScheduleForm of(Schedule s) {
        ScheduleForm f = new ScheduleForm();
        f.cron = s.cronExpression();
        f.timeZone = s.timeZone().getId();
        f.prune = s.prune();
        f.enabled = s.enabled();
        return f;
    }

    static void reject(BindingResult result, java.util.List<FieldError> errors) {
        for (FieldError e : errors) {
            String property = FIELDS.get(e.field());
            if (property != null) {
                result.rejectValue(property, "invalid", e.message());
            } else {
                result.reject("invalid", e.message());
            }
        }
    }

    public String getCron() {
        return cron;
    }

    public void setCron(String cron) {
        this.cron = cron;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public boolean isPrune() {
        return prune;
    }

    public void setPrune(boolean prune) {
        this.prune = prune;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
