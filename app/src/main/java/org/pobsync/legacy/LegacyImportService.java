package org.pobsync.legacy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.db.Database;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostField;
import org.pobsync.hosts.HostService;
import org.pobsync.legacy.ImportReport.Action;
import org.pobsync.legacy.ImportReport.Item;
import org.pobsync.schedule.Schedule;
import org.pobsync.schedule.ScheduleService;
import org.pobsync.validation.FieldError;
import org.pobsync.validation.InvalidInputException;

/**
 * {@code manage import-configs}: reads a legacy layout, checks all of it (the file format, then
 * each value against the same service rules the panel and the CLI use), and only when nothing
 * is wrong writes it through those services, in one transaction. Each file states its whole
 * subject, so an import replaces (lists included) rather than merges, and importing the same
 * files twice changes nothing. It never deletes: hosts and schedules the files do not mention
 * are reported and left alone.
 */
public final class LegacyImportService {

    private static final Map<String, String> GLOBAL_KEYS = Map.of("backup-root", "backup_root",
            "timeout", "rsync_timeout", "max-concurrent", "max_concurrent_backups", "default-user", "default_ssh_user",
            "default-port", "default_ssh_port", "stale-run-timeout", "stale_run_timeout",
            "run-log-retention-days", "run_log_retention_days");

    private static final Map<String, String> SCHEDULE_KEYS = Map.of("schedule-expression", "schedule.cron",
            "time-zone", "schedule.time_zone");

    /** One planned change, how to make it, and how to name the keys of an error it still raises. */
    private record Step(Item item, Runnable write, UnaryOperator<String> key) {
        static Step none(Item item) {
            return new Step(item, () -> { }, UnaryOperator.identity());
        }

        Step(Item item, Runnable write, Map<String, String> keys) {
            this(item, write, field -> keys.getOrDefault(field, field));
        }
    }


    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final ScheduleService schedules;
    private final AuditLog audit;
    private final Database database;
    private final Clock clock;

    public LegacyImportService(GlobalConfigService globalConfig, HostService hosts, ScheduleService schedules,
                               AuditLog audit, Database database, Clock clock) {
        this.globalConfig = globalConfig;
        this.hosts = hosts;
        this.schedules = schedules;
        this.audit = audit;
        this.database = database;
        this.clock = clock;
    }

    /**
     * Imports the layout under {@code prefix}, or with {@code dryRun} only reports what it would
     * do. Throws {@link LegacyImportRefusedException} listing every problem, having written nothing.
     */
    public ImportReport importConfigs(Path prefix, boolean dryRun, String actor) {
        LegacyLayout layout = new LegacyLayout(prefix.toAbsolutePath().normalize());
        LegacyConfigReader.Result read = new LegacyConfigReader().read(layout, clock.getZone());
        LegacyProblems problems = read.problems();
        GlobalConfig global = read.global() == null || read.global().value() == null ? null
                : previewGlobal(read.global(), problems);
        HostService.Editor by = HostService.Editor.maintainer(actor);
        List<LegacyConfigReader.Parsed<LegacyHost>> checked = new ArrayList<>();
        for (LegacyConfigReader.Parsed<LegacyHost> parsed : read.hosts()) {
            if (parsed.value() != null && checkHost(parsed, by, problems)) {
                checked.add(parsed);
            }
        }
        if (!problems.isEmpty()) {
            throw new LegacyImportRefusedException(problems.list());
        }
        List<Step> steps = plan(layout, read, global, checked, by);
        if (!dryRun) {
            database.tx().executeWithoutResult(tx -> {
                for (Step s : steps) {
                    write(s);
                }
                audit.record(actor, "config.import", layout.prefix().toString(), summary(steps));
            });
        }
        return new ImportReport(steps.stream().map(Step::item).toList(), read.ignored(), dryRun);
    }

    /**
     * Makes one change. What can still fail after the checks (the backup root cannot be created)
     * is reported like any other problem; the exception rolls back the transaction, so nothing
     * stays written.
     */
    private static void write(Step s) {
        try {
            s.write().run();
        } catch (InvalidInputException e) {
            throw new LegacyImportRefusedException(e.errors().stream().map(error -> new LegacyProblem(s.item().file(),
                    s.key().apply(error.field()), 0, 0, error.message())).toList());
        }
    }

    private GlobalConfig previewGlobal(LegacyConfigReader.Parsed<LegacyGlobal> parsed, LegacyProblems problems) {
        try {
            return globalConfig.preview(parsed.value().toChanges(), true);
        } catch (InvalidInputException e) {
            report(parsed, e, GLOBAL_KEYS, problems);
            return null;
        }
    }

    /** Whether the host service would save this file's host; what it would refuse goes into {@code problems}. */
    private boolean checkHost(LegacyConfigReader.Parsed<LegacyHost> parsed, HostService.Editor by,
                              LegacyProblems problems) {
        List<FieldError> refused = hosts.problems(parsed.value().spec(), by);
        for (FieldError error : refused) {
            String key = hostKey(error.field());
            problems.add(parsed.file(), key, parsed.keys().line(key), error.message());
        }
        return refused.isEmpty();
    }

    /** The file's key for a host field error (the validator names the panel's fields). */
    private static String hostKey(String field) {
        HostField f = HostField.byForm(field);
        return f == null ? field : f.key();
    }

    private static void report(LegacyConfigReader.Parsed<?> parsed, InvalidInputException e, Map<String, String> keys,
                               LegacyProblems problems) {
        for (FieldError error : e.errors()) {
            String key = keys.getOrDefault(error.field(), error.field());
            problems.add(parsed.file(), key, parsed.keys().line(key), error.message());
        }
    }

    private List<Step> plan(LegacyLayout layout, LegacyConfigReader.Result read, GlobalConfig global,
                            List<LegacyConfigReader.Parsed<LegacyHost>> checked, HostService.Editor by) {
        List<Step> steps = new ArrayList<>();
        Set<String> inFiles = new TreeSet<>();
        for (LegacyConfigReader.Parsed<LegacyHost> parsed : checked) {
            LegacyHost file = parsed.value();
            inFiles.add(file.name());
            Host existing = hosts.find(file.name()).orElse(null);
            steps.add(hostStep(parsed.file(), file, existing, by));
            scheduleStep(parsed.file(), file,
                    existing == null ? Optional.empty() : schedules.forHost(file.name()), by.name()).ifPresent(steps::add);
        }
        // The global change goes last: it creates the backup root, a side effect a rollback cannot
        // undo, so it happens only after every database write before it has succeeded.
        steps.add(globalStep(read.global(), global, by.name()));
        for (Host h : hosts.list()) {
            if (!inFiles.contains(h.name())) {
                steps.add(Step.none(new Item("host " + h.name(), layout.display(layout.hostFile(h.name())),
                        Action.KEPT, List.of(), "in the database but has no file; left as it is")));
            }
        }
        return steps;
    }

    private Step globalStep(LegacyConfigReader.Parsed<LegacyGlobal> parsed, GlobalConfig preview, String actor) {
        String subject = "global configuration";
        if (preview == null) {
            return Step.none(new Item(subject, LegacyLayout.GLOBAL_FILE, Action.KEPT, List.of(),
                    "no " + LegacyLayout.GLOBAL_FILE + "; left as it is"));
        }
        List<String> changed = changedKeys(LegacyGlobalFile.document(LegacyGlobal.from(globalConfig.get())),
                LegacyGlobalFile.document(LegacyGlobal.from(preview)));
        Item item = new Item(subject, parsed.file(), changed.isEmpty() ? Action.UNCHANGED : Action.UPDATED, changed,
                null);
        return changed.isEmpty() ? Step.none(item) : new Step(item,
                () -> globalConfig.updateReplacingRetention(parsed.value().toChanges(), actor), GLOBAL_KEYS);
    }

    private Step hostStep(String fileName, LegacyHost file, Host existing, HostService.Editor by) {
        String subject = "host " + file.name();
        Runnable write = () -> hosts.save(file.spec(), by);
        if (existing == null) {
            return new Step(new Item(subject, fileName, Action.CREATED, List.of(), null), write, LegacyImportService::hostKey);
        }
        List<String> changed = HostField.changed(existing.spec(), file.spec()).stream().map(HostField::key).toList();
        Item item = new Item(subject, fileName, changed.isEmpty() ? Action.UNCHANGED : Action.UPDATED, changed, null);
        return changed.isEmpty() ? Step.none(item) : new Step(item, write, LegacyImportService::hostKey);
    }

    private Optional<Step> scheduleStep(String fileName, LegacyHost file, Optional<Schedule> existing,
                                        String actor) {
        String subject = "schedule of " + file.name();
        LegacySchedule wanted = file.schedule();
        if (wanted == null) {
            return existing.map(s -> Step.none(new Item(subject, fileName, Action.KEPT, List.of(),
                    "the file has no schedule block; the stored one is left as it is"
                            + " (write one with enabled: false to turn it off)")));
        }
        Runnable write = () -> schedules.configure(file.name(), wanted.cron(), wanted.timeZone(), wanted.prune(),
                wanted.enabled(), actor);
        if (existing.isEmpty()) {
            return Optional.of(new Step(new Item(subject, fileName, Action.CREATED, List.of(), null), write,
                    SCHEDULE_KEYS));
        }
        List<String> changed = changedKeys(LegacyHostFile.scheduleDocument(LegacySchedule.from(existing.get())),
                LegacyHostFile.scheduleDocument(wanted)).stream().map(k -> "schedule." + k).toList();
        Item item = new Item(subject, fileName, changed.isEmpty() ? Action.UNCHANGED : Action.UPDATED, changed, null);
        return Optional.of(changed.isEmpty() ? Step.none(item) : new Step(item, write, SCHEDULE_KEYS));
    }

    /** The keys whose values differ: what the export would write differently. */
    private static List<String> changedKeys(Map<String, Object> before, Map<String, Object> after) {
        return after.keySet().stream().filter(k -> !Objects.equals(before.get(k), after.get(k))).toList();
    }

    private static String summary(List<Step> steps) {
        StringBuilder sb = new StringBuilder();
        for (Action a : List.of(Action.CREATED, Action.UPDATED, Action.UNCHANGED, Action.KEPT)) {
            long n = steps.stream().filter(s -> s.item().action() == a).count();
            sb.append(sb.isEmpty() ? "" : " ").append(a.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n);
        }
        return sb.toString();
    }
}
