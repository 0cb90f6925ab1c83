package org.pobsync.hosts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.engine.rsync.HostValues;
import org.pobsync.engine.rsync.InvalidBackupConfigException;
import org.pobsync.engine.rsync.RsyncOptions;
import org.pobsync.validation.Errors;
import org.pobsync.validation.InvalidInputException;
import org.pobsync.validation.NotFoundException;

/** Creating, changing and reading host configuration; the one place its rules are enforced. */
public final class HostService {

    /** What {@link #configure} did. */
    public record Configured(Host host, boolean created) {
    }

    private final HostRepository hosts;
    private final AuditLog audit;
    private final Clock clock;

    public HostService(HostRepository hosts, AuditLog audit, Clock clock) {
        this.hosts = hosts;
        this.audit = audit;
        this.clock = clock;
    }

    public Host get(String name) {
        return hosts.findByName(name).orElseThrow(() -> new NotFoundException("host '" + HostValidation.printable(name)
                + "' is not configured (see: pobsync manage configure-host --help)"));
    }

    public List<Host> list() {
        return hosts.findAll();
    }

    /** Every host name, sorted (for filters and pickers). */
    public List<String> names() {
        return hosts.findAllNames();
    }

    public boolean exists(String name) {
        return hosts.findByName(name).isPresent();
    }

    /** Creates the host, or updates it when it exists. Validates everything before writing. */
    public Configured configure(String name, HostChanges changes, String actor) {
        requireName(name);
        Host existing = hosts.findByName(name).orElse(null);
        Host merged = merge(name, existing, changes, clock.instant());
        validate(merged);
        if (existing == null) {
            long id = hosts.insert(merged);
            audit.record(actor, "host.create", name, describe(merged));
            return new Configured(hosts.findById(id).orElseThrow(), true);
        }
        hosts.update(merged);
        audit.record(actor, "host.update", name, describe(merged));
        return new Configured(hosts.findById(existing.id()).orElseThrow(), false);
    }

    /**
     * The host {@link #configure} would store for these changes, validated, without writing
     * anything: for callers that check a whole batch before changing any of it.
     */
    public Host preview(String name, HostChanges changes) {
        requireName(name);
        Host merged = merge(name, hosts.findByName(name).orElse(null), changes, clock.instant());
        validate(merged);
        return merged;
    }

    private static void requireName(String name) {
        try {
            HostValidation.requireHostName(name);
        } catch (InvalidBackupConfigException e) {
            throw new InvalidInputException("name", Errors.problem(e));
        }
    }

    static Host merge(String name, Host old, HostChanges c, Instant now) {
        Transport transport = pick(c.transport(), old == null ? Transport.SSH : old.transport());
        String address = pick(c.address(), old == null ? (transport == Transport.LOCAL ? "localhost" : null) : old.address());
        RetentionSettings retention = old == null ? null : old.retentionOverride();
        if (c.clearRetentionOverride()) {
            retention = null;
        }
        if (c.retention() != null && c.retention().anySet()) {
            retention = (retention == null ? RetentionSettings.KEEP_EVERYTHING : retention).with(c.retention());
        }
        return new Host(old == null ? 0 : old.id(), name, address, transport,
                emptyToNull(pick(c.sshUser(), old == null ? null : old.sshUser())),
                zeroToNull(pick(c.sshPort(), old == null ? null : old.sshPort())),
                pick(c.useSudo(), old != null && old.useSudo()),
                c.sourcePaths() != null ? HostValidation.normalizePaths(c.sourcePaths())
                        : old == null ? List.of() : old.sourcePaths(),
                pick(c.excludes(), old == null ? List.of() : old.excludes()),
                pick(c.rsyncOptions(), old == null ? List.of() : old.rsyncOptions()),
                zeroToNull(pick(c.bwlimitKbps(), old == null ? null : old.bwlimitKbps())),
                zeroToNull(pick(c.timeoutSeconds(), old == null ? null : old.timeoutSeconds())),
                retention,
                pick(c.enabled(), old == null || old.enabled()),
                emptyToNull(pick(c.notes(), old == null ? null : old.notes())),
                old == null ? null : old.activeRunId(),
                old == null ? now : old.createdAt(), now);
    }

    static void validate(Host h) {
        Errors errors = new Errors();
        errors.check("address", () -> HostValues.validateAddress(h.address()));
        if (h.sshUser() != null) {
            errors.check("user", () -> HostValues.validateUser(h.sshUser()));
        }
        if (h.sshPort() != null) {
            errors.check("port", () -> HostValues.validatePort(h.sshPort()));
        }
        if (h.sourcePaths().isEmpty()) {
            errors.add("path", "at least one source path is required (e.g. --path /etc --path /home)");
        }
        List<String> seen = new ArrayList<>();
        for (String p : h.sourcePaths()) {
            errors.check("path", () -> HostValues.validateSourcePath(p));
            if (seen.contains(p)) {
                errors.add("path", "source path '" + p + "' is listed twice");
            }
            seen.add(p);
        }
        errors.check("exclude", () -> HostValues.validateExcludes(h.excludes()));
        errors.check("rsync-option", () -> RsyncOptions.validate(h.rsyncOptions()));
        errors.check("bwlimit", () -> HostValues.validateBwlimit(h.bwlimitKbps()));
        if (h.bwlimitKbps() != null && h.rsyncOptions().stream().anyMatch(o -> o.startsWith("--bwlimit"))) {
            errors.add("bwlimit", "set the bandwidth limit either as --bwlimit or as an rsync option, not both");
        }
        if (h.useSudo() && h.transport() != Transport.SSH) {
            errors.add("use-sudo", "sudo applies to the remote side of the ssh transport only");
        }
        if (h.timeoutSeconds() != null && (h.timeoutSeconds() < 0 || h.timeoutSeconds() > 7 * 86400)) {
            errors.add("timeout", "timeout must be between 0 (the global default) and 604800 seconds");
        }
        if (h.notes() != null && h.notes().length() > 10_000) {
            errors.add("notes", "notes are limited to 10000 characters");
        }
        errors.throwIfAny();
    }

    static String describe(Host h) {
        return "address=" + h.address() + " transport=" + h.transport().name().toLowerCase(java.util.Locale.ROOT)
                + " paths=" + h.sourcePaths() + " excludes=" + h.excludes() + " options=" + h.rsyncOptions()
                + " enabled=" + h.enabled()
                + (h.retentionOverride() != null ? " retention=" + h.retentionOverride().describe() : "");
    }

    private static <T> T pick(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Integer zeroToNull(Integer i) {
        return i == null || i == 0 ? null : i;
    }
}
