package org.pobsync.runs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.settings.PobsyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes run log files ({@code <data>/logs/runs/run-N.log}) last written more than the global
 * run-log retention ago. A running backup writes its log all the time, so the age of the last
 * write is also how long ago the run ended; the run's row (status, summary, log tail) stays.
 */
public final class RunLogRetention {

    private static final Logger log = LoggerFactory.getLogger(RunLogRetention.class);

    private final PobsyncSettings settings;
    private final GlobalConfigService globalConfig;
    private final Clock clock;

    public RunLogRetention(PobsyncSettings settings, GlobalConfigService globalConfig, Clock clock) {
        this.settings = settings;
        this.globalConfig = globalConfig;
        this.clock = clock;
    }

    /** The directory of run logs; {@link BackupService} writes there. */
    static Path runLogDir(PobsyncSettings settings) {
        return settings.logDir().resolve("runs");
    }

    /** Deletes the expired logs; returns how many were deleted. */
    public int deleteExpired() {
        Path dir = runLogDir(settings);
        Instant cutoff = clock.instant().minus(Duration.ofDays(globalConfig.get().runLogRetentionDays()));
        int deleted = 0;
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "run-*.log")) {
            for (Path file : logs) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        } catch (NoSuchFileException e) {
            return 0; // no run has written a log yet
        } catch (IOException e) {
            log.warn("cannot delete expired run logs in {}: {}", dir, e.toString());
        }
        if (deleted > 0) {
            log.info("deleted {} run log(s) older than {} days", deleted, globalConfig.get().runLogRetentionDays());
        }
        return deleted;
    }
}
