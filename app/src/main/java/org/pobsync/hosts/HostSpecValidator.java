package org.pobsync.hosts;

import static org.pobsync.hosts.HostField.ADDRESS;
import static org.pobsync.hosts.HostField.BWLIMIT;
import static org.pobsync.hosts.HostField.EXCLUDES;
import static org.pobsync.hosts.HostField.NAME;
import static org.pobsync.hosts.HostField.NOTES;
import static org.pobsync.hosts.HostField.PATHS;
import static org.pobsync.hosts.HostField.PORT;
import static org.pobsync.hosts.HostField.RETENTION;
import static org.pobsync.hosts.HostField.RSYNC_OPTIONS;
import static org.pobsync.hosts.HostField.TIMEOUT;
import static org.pobsync.hosts.HostField.USER;
import static org.pobsync.hosts.HostField.USE_SUDO;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.pobsync.engine.rsync.HostValues;
import org.pobsync.engine.rsync.InvalidBackupConfigException;
import org.pobsync.engine.rsync.RsyncOptions;
import org.pobsync.validation.Errors;
import org.pobsync.validation.FieldError;

/**
 * The one check of a whole {@link HostSpec}: every problem, each under its form field
 * ({@link HostField#form()}), so one submit shows them all. The rules for values that reach the
 * rsync and ssh command lines are the engine's ({@link HostValues}, {@link RsyncOptions}), which
 * the engine applies again before every run; this class adds what only the configuration knows
 * (duplicates, combinations, the local transport's reach).
 */
public final class HostSpecValidator {

    /** Problems shown per list field; past that a count, so 1,000 bad lines do not make 1,000 messages. */
    static final int ITEM_PROBLEMS_SHOWN = 5;
    static final int MAX_TIMEOUT_SECONDS = 7 * 86400;
    static final int MAX_NOTES_CHARS = 10_000;

    private final LocalSourceGuard localSources;

    public HostSpecValidator(LocalSourceGuard localSources) {
        this.localSources = localSources;
    }

    public List<FieldError> problems(HostSpec spec) {
        Errors errors = new Errors();
        errors.check(NAME.form(), () -> HostValues.validateHostName(spec.name()));
        errors.check(ADDRESS.form(), () -> HostValues.validateAddress(spec.address()));
        if (spec.sshUser() != null) {
            errors.check(USER.form(), () -> HostValues.validateUser(spec.sshUser()));
        }
        if (spec.sshPort() != null) {
            errors.check(PORT.form(), () -> HostValues.validatePort(spec.sshPort()));
        }
        if (spec.useSudo() && spec.isLocal()) {
            errors.add(USE_SUDO.form(), "sudo applies to the remote side of the ssh transport only");
        }
        sourcePaths(spec, errors);
        excludes(spec, errors);
        errors.check(RSYNC_OPTIONS.form(), () -> RsyncOptions.validate(spec.rsyncOptions()));
        if (errors.list().stream().noneMatch(e -> e.field().equals(PATHS.form()) || e.field().equals(EXCLUDES.form()))) {
            commandLineTotal(spec, errors);
        }
        errors.check(BWLIMIT.form(), () -> HostValues.validateBwlimit(spec.bwlimitKbps()));
        if (spec.bwlimitKbps() != null && spec.rsyncOptions().stream().anyMatch(o -> o.startsWith("--bwlimit"))) {
            errors.add(BWLIMIT.form(), "set the bandwidth limit either here or as an rsync option, not both");
        }
        if (spec.timeoutSeconds() != null && (spec.timeoutSeconds() < 0 || spec.timeoutSeconds() > MAX_TIMEOUT_SECONDS)) {
            errors.add(TIMEOUT.form(), "timeout must be between 0 (the global default) and " + MAX_TIMEOUT_SECONDS
                    + " seconds");
        }
        if (spec.retentionOverride() != null && !spec.retentionOverride().anySet()) {
            errors.add(RETENTION.form(), "an override needs at least one rule (keep-last 0 keeps everything);"
                    + " without one, use the global policy");
        }
        if (spec.notes() != null && spec.notes().length() > MAX_NOTES_CHARS) {
            errors.add(NOTES.form(), "notes are limited to " + MAX_NOTES_CHARS + " characters");
        }
        return errors.list();
    }

    private void sourcePaths(HostSpec spec, Errors errors) {
        List<String> paths = spec.sourcePaths();
        if (paths.isEmpty()) {
            errors.add(PATHS.form(), "at least one absolute path is required (e.g. /etc and /home)");
            return;
        }
        if (tooMany(errors, PATHS, () -> HostValues.validateSourcePathCount(paths.size()))) {
            return;
        }
        Set<String> seen = new HashSet<>();
        eachItem(errors, PATHS, paths, p -> {
            HostValues.validateSourcePath(p);
            if (!seen.add(p)) {
                throw new IllegalArgumentException("source path '" + p + "' is listed twice");
            }
            if (spec.isLocal()) {
                localSources.problem(p).ifPresent(problem -> {
                    throw new IllegalArgumentException(problem);
                });
            }
        });
    }

    /**
     * Why a local host may not back up some of its paths now (empty for ssh hosts): the rule
     * above, asked again before each backup because a symbolic link may have appeared since.
     */
    public List<String> localSourceProblems(HostSpec spec) {
        return spec.isLocal()
                ? spec.sourcePaths().stream().flatMap(p -> localSources.problem(p).stream()).toList()
                : List.of();
    }

    /** Under the field holding most of the bytes, as the engine's rule names it. */
    private static void commandLineTotal(HostSpec spec, Errors errors) {
        try {
            HostValues.validateCommandLineTotal(spec.sourcePaths(), spec.excludes(), spec.rsyncOptions());
        } catch (InvalidBackupConfigException e) {
            errors.add(EXCLUDES.key().equals(e.field()) ? EXCLUDES.form() : PATHS.form(), Errors.problem(e));
        }
    }

    private static void excludes(HostSpec spec, Errors errors) {
        if (!tooMany(errors, EXCLUDES, () -> HostValues.validateExcludeCount(spec.excludes().size()))) {
            eachItem(errors, EXCLUDES, spec.excludes(), HostValues::validateExclude);
        }
    }

    private static boolean tooMany(Errors errors, HostField field, Runnable countRule) {
        int before = errors.list().size();
        errors.check(field.form(), countRule);
        return errors.list().size() > before;
    }

    /** Checks each item; the first few problems are shown, the rest counted. */
    private static void eachItem(Errors errors, HostField field, List<String> items, Consumer<String> rule) {
        Errors itemErrors = new Errors();
        for (String item : items) {
            itemErrors.check(field.form(), () -> rule.accept(item));
        }
        List<FieldError> found = itemErrors.list();
        found.stream().limit(ITEM_PROBLEMS_SHOWN).forEach(e -> errors.add(e.field(), e.message()));
        if (found.size() > ITEM_PROBLEMS_SHOWN) {
            errors.add(field.form(), "and " + (found.size() - ITEM_PROBLEMS_SHOWN) + " more problems in this list");
        }
    }
}
