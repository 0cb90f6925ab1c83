package org.pobsync.hosts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.pobsync.audit.AuditLog;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.FieldError;
import org.pobsync.validation.InvalidInputException;
import org.pobsync.validation.NotFoundException;

/**
 * Creating, changing and reading host configuration. The panel, {@code manage configure-host}
 * and the legacy import all save a complete {@link HostSpec} through {@link #save}, which checks
 * all of it first ({@link HostSpecValidator}) and writes nothing when anything is wrong.
 */
public final class HostService {

    /**
     * Who saves a host: the name the audit log records, and whether they may configure a
     * {@code local} host (which reads this server's own files). The command line and the import
     * are run by the server's administrators; in the panel only a superuser may.
     */
    public record Editor(String name, boolean mayConfigureLocal) {

        public static Editor maintainer(String name) {
            return new Editor(name, true);
        }

        public static Editor panelUser(String name, boolean superuser) {
            return new Editor(name, superuser);
        }
    }

    /** What {@link #save} did: the stored host, whether it is new, and which fields changed. */
    public record Saved(Host host, boolean created, List<HostField> changed) {
    }

    private final HostRepository hosts;
    private final HostSpecValidator validator;
    private final AuditLog audit;
    private final Clock clock;

    public HostService(HostRepository hosts, HostSpecValidator validator, AuditLog audit, Clock clock) {
        this.hosts = hosts;
        this.validator = validator;
        this.audit = audit;
        this.clock = clock;
    }

    public Host get(String name) {
        return find(name).orElseThrow(() -> NotFoundException.host(printable(name), "host '" + printable(name)
                + "' is not configured (see: pobsync manage configure-host --help)"));
    }

    public Optional<Host> find(String name) {
        return hosts.findByName(name);
    }

    public List<Host> list() {
        return hosts.findAll();
    }

    /** Every host name, sorted (for filters and pickers). */
    public List<String> names() {
        return hosts.findAllNames();
    }

    public boolean exists(String name) {
        return find(name).isPresent();
    }

    /** Everything {@link #save} would refuse, without writing: for callers that check a batch, or show all at once. */
    public List<FieldError> problems(HostSpec spec, Editor by) {
        return problems(spec, find(spec.name()).orElse(null), by);
    }

    private List<FieldError> problems(HostSpec spec, Host existing, Editor by) {
        List<FieldError> problems = new ArrayList<>(validator.problems(spec));
        boolean touchesLocal = spec.isLocal() || (existing != null && existing.spec().isLocal());
        if (touchesLocal && !by.mayConfigureLocal()) {
            problems.add(0, new FieldError(HostField.TRANSPORT.form(), "only a superuser may create or change a host"
                    + " with the local transport: it backs up this server's own files"));
        }
        return problems;
    }

    /**
     * Creates the host, or replaces the configuration of the one with this name, when the whole
     * spec is valid; throws {@link InvalidInputException} with every problem otherwise. An
     * unchanged spec writes nothing. The audit log gets a new host's whole spec, or each
     * changed field as before → after.
     */
    public Saved save(HostSpec spec, Editor by) {
        Host existing = find(spec.name()).orElse(null);
        List<FieldError> problems = problems(spec, existing, by);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Instant now = clock.instant();
        if (existing == null) {
            long id = hosts.insert(spec, now);
            audit.record(by.name(), "host.create", spec.name(), HostAuditText.created(spec));
            return new Saved(hosts.findById(id).orElseThrow(), true, List.of(HostField.values()));
        }
        List<HostField> changed = HostField.changed(existing.spec(), spec);
        if (changed.isEmpty()) {
            return new Saved(existing, false, changed);
        }
        hosts.update(existing.id(), spec, now);
        audit.record(by.name(), "host.update", spec.name(), HostAuditText.changes(existing.spec(), spec));
        return new Saved(hosts.findById(existing.id()).orElseThrow(), false, changed);
    }

    /**
     * Saves the host's current spec, or a new host's defaults, with {@code change} applied: what
     * {@code manage configure-host} does with the options it is given.
     */
    public Saved save(String name, UnaryOperator<HostSpec.Builder> change, Editor by) {
        HostSpec.Builder current = find(name).map(h -> h.spec().toBuilder()).orElseGet(() -> HostSpec.builder(name));
        return save(change.apply(current).build(), by);
    }

    /**
     * Refuses a backup of a local host whose paths now reach pobsync's own files (a symbolic
     * link made after the host was saved). Ssh hosts pass.
     */
    public void requireLocalSourcesAllowed(Host host) {
        List<String> problems = validator.localSourceProblems(host.spec());
        if (!problems.isEmpty()) {
            throw new ConflictException("host " + host.name() + ": " + problems.get(0));
        }
    }

    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.length() > 80 ? sb.substring(0, 80) + "…" : sb.toString();
    }
}
