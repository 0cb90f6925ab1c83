package org.pobsync.legacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A legacy layout under a prefix, written by tests: a known-good set of files to start from and break. */
final class LegacyFiles {

    static final String WEB1 = """
            address: web1.example.org
            source_paths:
              - /etc
              - /srv/www
            excludes:
              - '*.tmp'
            rsync_options:
              - --compress
            schedule:
              cron: 15 2 * * *
              time_zone: Europe/Amsterdam
              prune: true
            """;

    static final String DB1 = """
            host: db1
            address: 10.0.0.5
            source_paths: [/var/lib/mysql]
            """;

    final Path prefix;

    LegacyFiles(Path prefix) {
        this.prefix = prefix;
    }

    static String global(Path backupRoot) {
        return "backup_root: " + backupRoot + "\n"
                + "retention:\n  keep_daily: 7\n  keep_weekly: 4\n"
                + "rsync_timeout: 1800\n";
    }

    /** global.yaml, web1.yaml and db1.yaml, all valid. */
    static LegacyFiles good(Path prefix, Path backupRoot) {
        return new LegacyFiles(prefix).global(global(backupRoot)).host("web1.yaml", WEB1).host("db1.yaml", DB1);
    }

    LegacyFiles global(String text) {
        return write("config/global.yaml", text);
    }

    LegacyFiles host(String fileName, String text) {
        return write("config/hosts/" + fileName, text);
    }

    LegacyFiles write(String relative, String text) {
        return write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    LegacyFiles write(String relative, byte[] bytes) {
        try {
            Path file = prefix.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LegacyFiles delete(String relative) {
        try {
            Files.delete(prefix.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String relative) {
        try {
            return Files.readString(prefix.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
