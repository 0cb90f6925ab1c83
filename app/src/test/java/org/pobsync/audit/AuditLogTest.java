package org.pobsync.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.TestClock;
import org.pobsync.testsupport.TestDatabase;

/**
 * The audit log cannot be flooded: repeats of one event collapse into a counted row, and the
 * worker deletes what is older than the retention. On both databases.
 */
class AuditLogTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-11-23T10:00:00Z");

    private AppContext open(TestDatabase db, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(db.env(dir.resolve("var")));
        env.putAll(extra);
        return AppContext.open(PobsyncSettings.from(env), clock, 4);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void repeatsWithinAnHourCountUpOneRow(TestDatabase db) {
        try (AppContext app = open(db, Map.of())) {
            AuditLog audit = app.audit();
            Instant first = clock.instant();
            for (int i = 0; i < 2000; i++) {
                audit.recordRepeated("(anonymous)", "login.refused", null, "too many failed logins", "203.0.113.9");
                clock.advance(Duration.ofMillis(1));
            }
            audit.recordRepeated("(anonymous)", "login.refused", null, "too many failed logins", "203.0.113.10");
            audit.recordRepeated("admin", "login.failed", "admin", "bad credentials", "203.0.113.9");
            audit.recordRepeated("admin", "login.failed", "admin", "account inactive or not staff", "203.0.113.9");

            List<AuditEvent> refused = audit.recent(null, "login.refused", 10, 0);
            assertThat(refused).hasSize(2);
            AuditEvent flood = refused.stream().filter(e -> e.remoteAddr().equals("203.0.113.9")).findFirst().orElseThrow();
            assertThat(flood.repeatCount()).isEqualTo(2000);
            assertThat(flood.occurredAt()).isEqualTo(first);
            assertThat(flood.lastOccurredAt()).isEqualTo(first.plusMillis(1999));
            assertThat(audit.recent("admin", "login.failed", 10, 0)).hasSize(2);

            clock.advance(AuditLog.REPEAT_WINDOW);
            audit.recordRepeated("(anonymous)", "login.refused", null, "too many failed logins", "203.0.113.9");
            assertThat(audit.count(null, "login.refused")).as("a new hour starts a new row").isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theWorkerDeletesEventsOlderThanTheRetention(TestDatabase db) {
        try (AppContext app = open(db, Map.of("POBSYNC_AUDIT_RETENTION_DAYS", "30"))) {
            app.audit().record("admin", "host.update", "web1", "old");
            clock.advance(Duration.ofDays(29));
            app.audit().record("admin", "host.update", "web1", "recent");
            clock.advance(Duration.ofDays(2));

            app.workerLoop(Duration.ofSeconds(15), 1).worker().runOnce();
            assertThat(app.audit().recent("admin", null, 10, 0)).extracting(AuditEvent::detail).containsExactly("recent");

            // At most once an hour: what becomes too old in between waits for the next hour.
            AuditRetention retention = new AuditRetention(app.audit(), 30, clock);
            app.audit().record("admin", "host.update", "web1", "new");
            clock.advance(Duration.ofDays(30));
            assertThat(retention.pruneIfDue()).as("'recent' is now 32 days old").isEqualTo(1);
            clock.advance(Duration.ofMinutes(10));
            assertThat(retention.pruneIfDue()).isZero();
            clock.advance(Duration.ofHours(1));
            assertThat(retention.pruneIfDue()).isEqualTo(1);
            assertThat(app.audit().count(null, null)).isZero();
        }
    }
}
