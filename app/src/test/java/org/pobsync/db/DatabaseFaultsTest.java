package org.pobsync.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.LoopbackSshd;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * What database failures mean and how they read, from real failures: a SQLite file locked by
 * another connection, a MariaDB port nobody listens on, a broken constraint, a damaged file.
 */
class DatabaseFaultsTest {

    @TempDir
    Path dir;

    @Test
    void aWriteLockHeldByAnotherConnectionIsTransientAndSaysSo() throws Exception {
        JdbcClient jdbc = sqlite("locked.sqlite3", 100);
        jdbc.sql("CREATE TABLE t (v INTEGER)").update();
        try (Connection other = lock("locked.sqlite3")) {
            RuntimeException e = catchUpdate(jdbc);
            assertThat(DatabaseFaults.isTransient(e)).isTrue();
            assertThat(DatabaseFaults.isCorrupt(e)).isFalse();
            assertThat(DatabaseFaults.describe(e)).isEqualTo("the database is locked by another process (it waited 15 s"
                    + " for it)");
        }
    }

    @Test
    void aDatabaseServerThatDoesNotAnswerIsTransientAndSaysWhy() {
        int port = LoopbackSshd.freePort();
        Exception e = catchThrowable(() -> DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/x?connectTimeout=2000",
                "u", "p"));
        assertThat(DatabaseFaults.isTransient(e)).as(e.toString()).isTrue();
        assertThat(DatabaseFaults.describe(e)).startsWith("the database cannot be reached: ")
                .contains(String.valueOf(port)).doesNotContain("Exception", "java.", "org.");
    }

    @Test
    void aBrokenConstraintIsNotRetriedAndReadsWithoutAClassName() {
        JdbcClient jdbc = sqlite("constraint.sqlite3", 100);
        jdbc.sql("CREATE TABLE t (v INTEGER NOT NULL)").update();
        RuntimeException e = catchThrowable(() -> jdbc.sql("INSERT INTO t (v) VALUES (NULL)").update());
        assertThat(DatabaseFaults.isTransient(e)).isFalse();
        assertThat(DatabaseFaults.describe(e)).startsWith("database error: ").contains("NOT NULL constraint failed")
                .doesNotContain("Exception", "SQLITE_", "PreparedStatementCallback");
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> DatabaseRetry.untilDone("insert", () -> {
            tries.incrementAndGet();
            return jdbc.sql("INSERT INTO t (v) VALUES (NULL)").update();
        }, LoggerFactory.getLogger(getClass()))).isInstanceOf(RuntimeException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void aProgrammingErrorReadsAsOneWithoutItsClassName() {
        assertThat(DatabaseFaults.describe(new NullPointerException("Cannot invoke \"String.length()\"")))
                .isEqualTo(DatabaseFaults.UNEXPECTED);
        assertThat(DatabaseFaults.describe(new IllegalStateException("host web1 is busy"))).isEqualTo("host web1 is busy");
    }

    @Test
    void aWriteIsTriedAgainUntilTheLockIsGone() throws Exception {
        JdbcClient jdbc = sqlite("retried.sqlite3", 100);
        jdbc.sql("CREATE TABLE t (v INTEGER)").update();
        Connection other = lock("retried.sqlite3");
        CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(2500);
                other.createStatement().execute("ROLLBACK");
                other.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicInteger tries = new AtomicInteger();
        long start = System.nanoTime();
        int rows = DatabaseRetry.untilDone("the test's insert", () -> {
            tries.incrementAndGet();
            return jdbc.sql("INSERT INTO t (v) VALUES (1)").update();
        }, LoggerFactory.getLogger(getClass()));
        assertThat(rows).isEqualTo(1);
        assertThat(tries.get()).isGreaterThan(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2400));
    }

    @Test
    void theWaitDoublesFromOneSecondUpToThirty() {
        assertThat(java.util.stream.IntStream.rangeClosed(1, 8).mapToObj(DatabaseRetry::backoff)
                .map(Duration::toSeconds)).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    private JdbcClient sqlite(String name, int busyTimeoutMs) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(busyTimeoutMs);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve(name));
        return JdbcClient.create(ds);
    }

    private Connection lock(String name) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
        }
        return c;
    }

    private static RuntimeException catchUpdate(JdbcClient jdbc) {
        return catchThrowable(() -> jdbc.sql("INSERT INTO t (v) VALUES (1)").update());
    }

    private interface Failing {
        Object run() throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Exception> T catchThrowable(Failing f) {
        try {
            f.run();
        } catch (Exception e) {
            return (T) e;
        }
        throw new AssertionError("expected a failure");
    }
}
