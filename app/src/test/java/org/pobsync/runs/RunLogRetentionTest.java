package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.TestClock;
import org.pobsync.testsupport.TestDatabase;

/** Run logs older than the run-log retention are deleted by the scheduler; nothing else is. */
class RunLogRetentionTest {

    @TempDir
    Path dir;

    @Test
    void theSchedulerDeletesRunLogsOlderThanTheRetention() throws Exception {
        TestClock clock = TestClock.at("2026-03-20T12:00:00Z");
        PobsyncSettings settings = PobsyncSettings.from(TestDatabase.SQLITE.env(dir.resolve("var")));
        try (AppContext app = AppContext.open(settings, clock, 2)) {
            app.globalConfig().update(new GlobalConfigService.Changes(null, null, null, null, null, null, null, 7),
                    "test");
            Path logs = Files.createDirectories(settings.logDir().resolve("runs"));
            Path expired = log(logs.resolve("run-1.log"), clock.instant().minus(Duration.ofDays(8)));
            Path kept = log(logs.resolve("run-2.log"), clock.instant().minus(Duration.ofDays(6)));
            Path notARunLog = log(logs.resolve("notes.txt"), clock.instant().minus(Duration.ofDays(30)));

            assertThat(app.schedulerLoop(Duration.ofMinutes(1)).runOnce()).isTrue();

            assertThat(expired).doesNotExist();
            assertThat(kept).exists();
            assertThat(notARunLog).exists();

            clock.advance(Duration.ofDays(2));
            assertThat(new RunLogRetention(settings, app.globalConfig(), clock).deleteExpired()).isEqualTo(1);
            assertThat(kept).doesNotExist();
        }
    }

    private static Path log(Path file, Instant lastWritten) throws Exception {
        Files.writeString(file, "rsync output\n");
        Files.setLastModifiedTime(file, FileTime.from(lastWritten));
        return file;
    }
}
