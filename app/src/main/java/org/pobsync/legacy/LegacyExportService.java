package org.pobsync.legacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.io.AtomicFile;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.schedule.Schedule;
import org.pobsync.schedule.ScheduleService;
import org.pobsync.validation.InvalidInputException;

/**
 * {@code manage export-configs}: writes the database's configuration as the legacy layout. The
 * output is a pure function of the stored configuration (no timestamps, fixed key order), so
 * export, import into an empty database and export again give the same bytes. Files are
 * replaced atomically and are 0600, since they map the backup infrastructure; files the layout
 * does not name are never touched.
 */
public final class LegacyExportService {

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final ScheduleService schedules;
    private final AuditLog audit;
    private final LegacyYaml yaml = new LegacyYaml();

    public LegacyExportService(GlobalConfigService globalConfig, HostService hosts, ScheduleService schedules,
                               AuditLog audit) {
        this.globalConfig = globalConfig;
        this.hosts = hosts;
        this.schedules = schedules;
        this.audit = audit;
    }

    public ExportReport exportConfigs(Path prefix, String actor) {
        LegacyLayout layout = new LegacyLayout(prefix.toAbsolutePath().normalize());
        if (Files.exists(layout.prefix()) && !Files.isDirectory(layout.prefix())) {
            throw new InvalidInputException("prefix", layout.prefix() + " exists and is not a directory");
        }
        Map<Path, String> contents = render(layout);
        try {
            createDirectory(layout.prefix());
            createDirectory(layout.configDir());
            createDirectory(layout.hostsDir());
            List<ExportReport.File> files = new ArrayList<>();
            for (Map.Entry<Path, String> e : contents.entrySet()) {
                files.add(new ExportReport.File(layout.display(e.getKey()), write(e.getKey(), e.getValue())));
            }
            List<String> stray = strayHostFiles(layout, contents);
            audit.record(actor, "config.export", layout.prefix().toString(),
                    files.size() + " files, " + files.stream().filter(ExportReport.File::changed).count() + " changed");
            return new ExportReport(files, stray);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the legacy configuration under " + layout.prefix() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Every file's text, rendered before anything is written. */
    private Map<Path, String> render(LegacyLayout layout) {
        Map<Path, String> contents = new LinkedHashMap<>();
        contents.put(layout.globalFile(), header("the server-wide configuration")
                + yaml.dump(LegacyGlobalFile.document(LegacyGlobal.from(globalConfig.get()))));
        Map<Long, Schedule> byHost = new LinkedHashMap<>();
        for (Schedule s : schedules.list()) {
            byHost.put(s.hostId(), s);
        }
        for (Host h : hosts.list()) {
            contents.put(layout.hostFile(h.name()), header("host " + h.name())
                    + yaml.dump(LegacyHostFile.document(LegacyHost.from(h, byHost.get(h.id())))));
        }
        return contents;
    }

    private static String header(String what) {
        return "# pobsync legacy configuration: " + what + " (format: docs/legacy-yaml.md).\n"
                + "# Written by 'pobsync manage export-configs'; the database stays the source of truth.\n";
    }

    /** Replaces the file atomically unless it already holds these bytes; true when it changed. */
    private static boolean write(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // A symbolic link is replaced by the file, never written through.
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(file), bytes)) {
            Files.setPosixFilePermissions(file, FILE_MODE);
            return false;
        }
        AtomicFile.write(file, bytes, FILE_MODE);
        return true;
    }

    private static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        }
    }

    /** Host files of the layout that name no host in the database: left alone, but worth saying. */
    private static List<String> strayHostFiles(LegacyLayout layout, Map<Path, String> written) throws IOException {
        try (Stream<Path> s = Files.list(layout.hostsDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(LegacyLayout.HOST_SUFFIX))
                    .filter(p -> !written.containsKey(p)).sorted().map(layout::display).toList();
        }
    }
}
