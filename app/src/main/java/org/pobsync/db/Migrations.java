package org.pobsync.db;

import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * Flyway, configured once for both databases. Every process calls {@link #migrateIfNeeded} at
 * start, so a fresh checkout or a fresh data dir just works; production installs run
 * {@code pobsync manage migrate} explicitly.
 */
public final class Migrations {

    private final Flyway flyway;

    public Migrations(Database database) {
        this.flyway = Flyway.configure()
                .dataSource(database.dataSource())
                .locations("classpath:db/migration")
                .placeholders(Map.of("id_pk", database.dialect().autoIncrementKey()))
                .table("flyway_schema_history")
                .loggers("slf4j")
                .load();
    }

    /** Applies pending migrations; returns how many were applied. */
    public int migrate() {
        return flyway.migrate().migrationsExecuted;
    }

    public int migrateIfNeeded() {
        return pending().isEmpty() ? 0 : migrate();
    }

    public List<MigrationInfo> all() {
        return List.of(flyway.info().all());
    }

    public List<MigrationInfo> pending() {
        return List.of(flyway.info().pending());
    }

    public boolean current() {
        return all().stream().noneMatch(m -> m.getState() == MigrationState.PENDING
                || m.getState().isFailed());
    }
}
