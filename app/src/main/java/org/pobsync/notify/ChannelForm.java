package org.pobsync.notify;

import java.util.List;
import java.util.Map;
import org.pobsync.validation.FieldError;
import org.springframework.validation.BindingResult;

/**
 * The channel form of the notifications page: one form for both kinds, text as typed. Secrets
 * are never echoed back: a blank password or header value keeps the saved one, the "remove"
 * checkbox drops it.
 */
public class ChannelForm {

    /** The service's field names (the CLI's option names) mapped to this form's properties. */
    static final Map<String, String> FIELDS = Map.ofEntries(Map.entry("name", "name"),
            Map.entry("smtp-host", "smtpHost"), Map.entry("smtp-port", "smtpPort"),
            Map.entry("smtp-security", "smtpSecurity"), Map.entry("smtp-user", "smtpUser"),
            Map.entry("smtp-password", "smtpPassword"), Map.entry("smtp-from", "smtpFrom"),
            Map.entry("recipients", "recipients"), Map.entry("url", "url"), Map.entry("preset", "preset"),
            Map.entry("secret-header", "secretHeader"), Map.entry("timeout", "timeout"), Map.entry("hosts", "hosts"),
            Map.entry("conditions", "conditions"));

    private String kind = "email";
    private String name = "";
    private boolean enabled = true;
    private String smtpHost = "";
    private String smtpPort = "";
    private String smtpSecurity = "starttls";
    private String smtpUser = "";
    private String smtpPassword = "";
    private boolean removePassword;
    private String smtpFrom = "";
    private String recipients = "";
    private String url = "";
    private String preset = "generic";
    private String secretHeader = "";
    private String headerValue = "";
    private boolean removeHeaderValue;
    private String timeout = "";
    private String hosts = "";
    private String conditions = "";

    static ChannelForm of(Channel c) {
        ChannelForm f = new ChannelForm();
        f.kind = c.kind().dbValue();
        f.name = c.name();
        f.enabled = c.enabled();
        f.smtpHost = nz(c.smtpHost());
        f.smtpPort = c.smtpPort() == null ? "" : String.valueOf(c.smtpPort());
        f.smtpSecurity = c.smtpSecurity() == null ? "starttls" : c.smtpSecurity().dbValue();
        f.smtpUser = nz(c.smtpUser());
        f.smtpFrom = nz(c.smtpFrom());
        f.recipients = String.join(", ", c.recipients());
        f.url = nz(c.url());
        f.preset = c.preset() == null ? "generic" : c.preset().dbValue();
        f.secretHeader = nz(c.secretHeader());
        f.timeout = String.valueOf(c.timeoutSeconds());
        f.hosts = String.join(", ", c.hosts());
        f.conditions = String.join(", ", c.conditions().stream().map(AlertKind::dbValue).toList());
        return f;
    }

    ChannelSpec toSpec() {
        String password = removePassword ? "" : smtpPassword == null || smtpPassword.isEmpty() ? null : smtpPassword;
        String value = removeHeaderValue ? "" : headerValue == null || headerValue.isEmpty() ? null : headerValue;
        return new ChannelSpec(name, kind, enabled, smtpHost, smtpPort, smtpSecurity, smtpUser, password, smtpFrom,
                recipients, url, preset, secretHeader, value, timeout, hosts, conditions);
    }

    boolean email() {
        return "email".equals(kind);
    }

    static void reject(BindingResult result, List<FieldError> errors) {
        for (FieldError e : errors) {
            String property = FIELDS.get(e.field());
            if (property != null) {
                result.rejectValue(property, "invalid", e.message());
            } else {
                result.reject("invalid", e.message());
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = "webhook".equals(kind) ? "webhook" : "email";
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSmtpHost() {
        return smtpHost;
    }

    public void setSmtpHost(String smtpHost) {
        this.smtpHost = smtpHost;
    }

    public String getSmtpPort() {
        return smtpPort;
    }

    public void setSmtpPort(String smtpPort) {
        this.smtpPort = smtpPort;
    }

    public String getSmtpSecurity() {
        return smtpSecurity;
    }

    public void setSmtpSecurity(String smtpSecurity) {
        this.smtpSecurity = smtpSecurity;
    }

    public String getSmtpUser() {
        return smtpUser;
    }

    public void setSmtpUser(String smtpUser) {
        this.smtpUser = smtpUser;
    }

    public String getSmtpPassword() {
        return smtpPassword;
    }

    public void setSmtpPassword(String smtpPassword) {
        this.smtpPassword = smtpPassword;
    }

    public boolean isRemovePassword() {
        return removePassword;
    }

    public void setRemovePassword(boolean removePassword) {
        this.removePassword = removePassword;
    }

    public String getSmtpFrom() {
        return smtpFrom;
    }

    public void setSmtpFrom(String smtpFrom) {
        this.smtpFrom = smtpFrom;
    }

    public String getRecipients() {
        return recipients;
    }

    public void setRecipients(String recipients) {
        this.recipients = recipients;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getPreset() {
        return preset;
    }

    public void setPreset(String preset) {
        this.preset = preset;
    }

    public String getSecretHeader() {
        return secretHeader;
    }

    public void setSecretHeader(String secretHeader) {
        this.secretHeader = secretHeader;
    }

    public String getHeaderValue() {
        return headerValue;
    }

    public void setHeaderValue(String headerValue) {
        this.headerValue = headerValue;
    }

    public boolean isRemoveHeaderValue() {
        return removeHeaderValue;
    }

    public void setRemoveHeaderValue(boolean removeHeaderValue) {
        this.removeHeaderValue = removeHeaderValue;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getHosts() {
        return hosts;
    }

    public void setHosts(String hosts) {
        this.hosts = hosts;
    }

    public String getConditions() {
        return conditions;
    }

    public void setConditions(String conditions) {
        this.conditions = conditions;
    }
}
