package org.pobsync.hosts;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The configurable fields of a host, each with its three spellings: the panel form's property
 * (which is also the field name of {@link org.pobsync.validation.FieldError}s the validator
 * writes), the {@code configure-host} option, and the legacy YAML key (also the name the audit
 * log and the import report use), plus how the audit log shows an unset value. A field holding
 * a secret must never be shown by value ({@link HostAuditText}).
 */
public enum HostField {
    NAME("name", "HOST", "host", HostSpec::name, ""),
    ADDRESS("address", "--address", "address", HostSpec::address, ""),
    TRANSPORT("transport", "--transport", "transport", HostSpec::transport, ""),
    USER("user", "--user", "ssh_user", HostSpec::sshUser, "(default)"),
    PORT("port", "--port", "ssh_port", HostSpec::sshPort, "(default)"),
    USE_SUDO("useSudo", "--use-sudo", "use_sudo", HostSpec::useSudo, ""),
    PATHS("paths", "--path", "source_paths", HostSpec::sourcePaths, ""),
    EXCLUDES("excludes", "--exclude", "excludes", HostSpec::excludes, ""),
    RSYNC_OPTIONS("rsyncOptions", "--rsync-option", "rsync_options", HostSpec::rsyncOptions, ""),
    BWLIMIT("bwlimit", "--bwlimit", "bwlimit", HostSpec::bwlimitKbps, "none"),
    TIMEOUT("timeout", "--timeout", "timeout", HostSpec::timeoutSeconds, "(default)"),
    RETENTION("retentionOverride", "--keep-*", "retention", HostSpec::retentionOverride, "(global policy)"),
    ENABLED("enabled", "--enabled", "enabled", HostSpec::enabled, ""),
    NOTES("notes", "--notes", "notes", HostSpec::notes, "(none)");

    private final String form;
    private final String option;
    private final String key;
    private final Function<HostSpec, Object> value;
    private final String unset;

    HostField(String form, String option, String key, Function<HostSpec, Object> value, String unset) {
        this.form = form;
        this.option = option;
        this.key = key;
        this.value = value;
        this.unset = unset;
    }

    /** The form property, and the field of the validator's errors. */
    public String form() {
        return form;
    }

    /** The configure-host option. */
    public String option() {
        return option;
    }

    /** The legacy YAML key; also how the audit log and the import report name the field. */
    public String key() {
        return key;
    }

    /** This field's value in {@code spec}: text, number, flag, list or retention policy; null when unset. */
    public Object value(HostSpec spec) {
        return value.apply(spec);
    }

    /** How the audit log shows a value that is not set. */
    String unset() {
        return unset;
    }

    /** The field whose form property (error field) is {@code form}, or null. */
    public static HostField byForm(String form) {
        for (HostField f : values()) {
            if (f.form.equals(form)) {
                return f;
            }
        }
        return null;
    }

    /** The fields whose values differ between two specs of a host, in form order. */
    public static List<HostField> changed(HostSpec before, HostSpec after) {
        return Arrays.stream(values()).filter(f -> !Objects.equals(f.value(before), f.value(after))).toList();
    }
}
