package org.pobsync.status;

import java.util.Map;
import org.pobsync.validation.Errors;
import org.springframework.validation.BindingResult;

/**
 * The alert settings form of a host. Numbers are text, so "abc" or "1e9" get a sentence next to
 * the field instead of a conversion error. The ping URL is never echoed back: a blank field keeps
 * the saved one, {@code removePing} drops it.
 */
public class HostAlertsForm {

    /** The service's field names (shared with the CLI options) mapped to this form's properties. */
    static final Map<String, String> FIELDS = Map.of("expect-every", "expectEvery", "failing-after", "failingAfter",
            "ping-url", "pingUrl");

    private String expectEvery = "";
    private String failingAfter = "";
    private boolean partialOk;
    private String pingUrl = "";
    private boolean removePing;

    static HostAlertsForm of(HostAlertSettings s) {
        HostAlertsForm f = new HostAlertsForm();
        f.expectEvery = s.expectEveryHours() == null ? "" : String.valueOf(s.expectEveryHours());
        f.failingAfter = s.failingAfterRuns() == null ? "" : String.valueOf(s.failingAfterRuns());
        f.partialOk = s.partialIsGood();
        return f;
    }

    /** The settings this form asks for, on top of {@code saved}; unparsable numbers go to {@code errors}. */
    HostAlertSettings toSettings(HostAlertSettings saved, Errors errors) {
        String ping = removePing ? null : pingUrl == null || pingUrl.isBlank() ? saved.pingUrl() : pingUrl;
        return new HostAlertSettings(saved.hostId(), errors.wholeNumber(expectEvery, "expect-every"),
                errors.wholeNumber(failingAfter, "failing-after"), partialOk, ping);
    }

    static void reject(BindingResult result, java.util.List<org.pobsync.validation.FieldError> errors) {
        for (org.pobsync.validation.FieldError e : errors) {
            String property = FIELDS.get(e.field());
            if (property != null) {
                result.rejectValue(property, "invalid", e.message());
            } else {
                result.reject("invalid", e.message());
            }
        }
    }

    public String getExpectEvery() {
        return expectEvery;
    }

    public void setExpectEvery(String expectEvery) {
        this.expectEvery = expectEvery;
    }

    public String getFailingAfter() {
        return failingAfter;
    }

    public void setFailingAfter(String failingAfter) {
        this.failingAfter = failingAfter;
    }

    public boolean isPartialOk() {
        return partialOk;
    }

    public void setPartialOk(boolean partialOk) {
        this.partialOk = partialOk;
    }

    public String getPingUrl() {
        return pingUrl;
    }

    public void setPingUrl(String pingUrl) {
        this.pingUrl = pingUrl;
    }

    public boolean isRemovePing() {
        return removePing;
    }

    public void setRemovePing(boolean removePing) {
        this.removePing = removePing;
    }
}
