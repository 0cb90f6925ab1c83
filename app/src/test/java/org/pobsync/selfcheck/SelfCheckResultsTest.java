package org.pobsync.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.WebFixture;

/** The dashboard's banner reads the Self Check without ever waiting for the checks to run again. */
class SelfCheckResultsTest {

    final WebFixture fixture = WebFixture.create();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T02:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final SelfCheckResults results = new SelfCheckResults(fixture.app().selfCheck(), clock);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anOldResultIsAnsweredWhileTheChecksRunAgainInTheBackground() throws Exception {
        Files.createDirectories(fixture.app().globalConfig().get().backupRoot());
        assertThat(results.failing()).as("the first call runs the checks")
                .noneMatch(r -> r.name().contains("backup root"));

        // The backup root goes missing; half a minute later the banner still shows the older
        // result at once, and a run started in the background brings the finding.
        java.nio.file.Path root = fixture.app().globalConfig().get().backupRoot();
        Files.move(root, root.resolveSibling("backups-unmounted"));
        now.set(now.get().plus(SelfCheckResults.MAX_AGE).plusSeconds(1));
        assertThat(results.failing()).noneMatch(r -> r.name().contains("backup root"));
        Await.until(Duration.ofSeconds(30), () -> results.failing().stream().anyMatch(r -> r.name().contains("backup root")),
                "the background run reports the missing backup root");
    }
}
