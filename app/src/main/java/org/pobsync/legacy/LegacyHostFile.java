package org.pobsync.legacy;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.HostSpec;
import org.pobsync.schedule.CronExpression;
import org.pobsync.schedule.ScheduleService;

/**
 * The keys of {@code config/hosts/<name>.yaml} (docs/legacy-yaml.md). Reading checks the file's
 * shape (types, required keys, the name, cron and time zone) and builds the host's spec; the
 * host rules themselves are the host service's, applied by the import before anything is written.
 */
final class LegacyHostFile {

    static final List<String> KEYS = List.of("host", "address", "transport", "ssh_user", "ssh_port", "use_sudo",
            "source_paths", "excludes", "rsync_options", "bwlimit", "timeout", "retention", "enabled", "notes",
            "schedule");
    static final List<String> SCHEDULE_KEYS = List.of("cron", "time_zone", "prune", "enabled");

    private LegacyHostFile() {
    }

    /** The host described by the file named {@code name}.yaml; null when something is wrong (reported). */
    static LegacyHost read(YamlMap m, String name, ZoneId serverZone, LegacyProblems problems) {
        int before = problems.size();
        if (m.has("host")) {
            String key = m.string("host");
            if (key != null && !key.equals(name)) {
                problems.add(m.file(), "host", m.line("host"), LegacyProblem.quote(key)
                        + " does not match the file name (" + name + ".yaml): rename the file or fix the key");
            }
        }
        Transport transport = transport(m, problems);
        String address = m.string("address");
        if (transport == Transport.SSH) {
            m.require("address", "the host name or IP address pobsync connects to over ssh");
        }
        List<String> paths = m.require("source_paths", "a list of absolute paths to back up")
                ? m.strings("source_paths") : null;
        RetentionSettings retention = m.has("retention") ? LegacyGlobalFile.readRetention(m, problems) : null;
        LegacySchedule schedule = m.has("schedule") ? schedule(m, serverZone, problems) : null;
        HostSpec spec = HostSpec.builder(name).address(address).transport(transport).sshUser(m.string("ssh_user"))
                .sshPort(m.integer("ssh_port")).useSudo(or(m.bool("use_sudo"), false)).sourcePaths(paths)
                .excludes(m.strings("excludes")).rsyncOptions(m.strings("rsync_options"))
                .bwlimitKbps(m.integer("bwlimit")).timeoutSeconds(m.integer("timeout")).retentionOverride(retention)
                .enabled(or(m.bool("enabled"), true)).notes(m.string("notes")).build();
        return problems.size() == before ? new LegacyHost(spec, schedule) : null;
    }

    private static Transport transport(YamlMap m, LegacyProblems problems) {
        String text = m.string("transport");
        if (text == null) {
            return Transport.SSH;
        }
        return switch (text) {
            case "ssh" -> Transport.SSH;
            case "local" -> Transport.LOCAL;
            default -> {
                problems.add(m.file(), "transport", m.line("transport"),
                        "expected ssh or local, got " + LegacyProblem.quote(text));
                yield Transport.SSH;
            }
        };
    }

    private static LegacySchedule schedule(YamlMap parent, ZoneId serverZone, LegacyProblems problems) {
        YamlMap s = parent.map("schedule", SCHEDULE_KEYS);
        if (s == null) {
            return null;
        }
        String cron = null;
        if (s.require("cron", "a 5-field cron expression such as \"15 2 * * *\"")) {
            String text = s.string("cron");
            if (text != null) {
                try {
                    cron = CronExpression.parse(text).text();
                } catch (IllegalArgumentException e) {
                    problems.add(s.file(), s.key("cron"), s.line("cron"), e.getMessage());
                }
            }
        }
        String zone = serverZone.getId();
        String zoneText = s.string("time_zone");
        if (zoneText != null) {
            try {
                zone = ScheduleService.zone(zoneText, serverZone).getId();
            } catch (IllegalArgumentException e) {
                problems.add(s.file(), s.key("time_zone"), s.line("time_zone"), e.getMessage());
            }
        }
        return new LegacySchedule(cron, zone, or(s.bool("prune"), false), or(s.bool("enabled"), true));
    }

    static Map<String, Object> document(LegacyHost file) {
        HostSpec h = file.spec();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("host", h.name());
        d.put("address", h.address());
        d.put("transport", h.transport().name().toLowerCase(Locale.ROOT));
        d.put("ssh_user", h.sshUser());
        d.put("ssh_port", h.sshPort());
        d.put("use_sudo", h.useSudo());
        d.put("source_paths", h.sourcePaths());
        d.put("excludes", h.excludes());
        d.put("rsync_options", h.rsyncOptions());
        d.put("bwlimit", h.bwlimitKbps());
        d.put("timeout", h.timeoutSeconds());
        d.put("retention", LegacyGlobalFile.retentionDocument(h.retentionOverride()));
        d.put("enabled", h.enabled());
        d.put("notes", h.notes());
        d.put("schedule", file.schedule() == null ? null : scheduleDocument(file.schedule()));
        return d;
    }

    static Map<String, Object> scheduleDocument(LegacySchedule s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cron", s.cron());
        d.put("time_zone", s.timeZone());
        d.put("prune", s.prune());
        d.put("enabled", s.enabled());
        return d;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
