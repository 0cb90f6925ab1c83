package org.pobsync.db;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.springframework.dao.DataAccessException;

/**
 * Flyway, configured once for both databases. Every process calls {@link #migrateIfNeeded} at
 * start, so a fresh checkout or a fresh data dir just works; production installs run
 * {@code pobsync manage migrate} explicitly.
 *
 * <p>Flyway itself is only started when it has something to do: when the schema history
 * already records every shipped script as applied, {@link #migrateIfNeeded} answers from one
 * query (see {@link MigrationScripts} for what that saves).
 */
public final class Migrations {

    static final String LOCATION = "db/migration";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private final Database database;
    private Flyway flyway;

    public Migrations(Database database) {
        this.database = database;
    }

    private synchronized Flyway flyway() {
        if (flyway == null) {
            flyway = Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations("classpath:" + LOCATION)
                    .placeholders(Map.of("id_pk", database.dialect().autoIncrementKey()))
                    .table(HISTORY_TABLE)
                    .loggers("slf4j")
                    .load();
        }
        return flyway;
    }

    /** Applies pending migrations; returns how many were applied. */
    public int migrate() {
        return flyway().migrate().migrationsExecuted;
    }

    public int migrateIfNeeded() {
        if (everyShippedScriptApplied()) {
            return 0;
        }
        return pending().isEmpty() ? 0 : migrate();
    }

    /**
     * True when the history table records a successful run of every versioned script this build
     * ships, and nothing else (no failed, undone, baseline or repeatable rows): then Flyway would
     * report nothing pending either. False whenever in doubt; the caller then asks Flyway.
     */
    boolean everyShippedScriptApplied() {
        Optional<Set<String>> shipped = MigrationScripts.versions(Migrations.class.getClassLoader(), LOCATION);
        if (shipped.isEmpty()) {
            return false;
        }
        List<HistoryRow> rows;
        try {
            rows = database.jdbc().sql("SELECT version, type, success FROM " + HISTORY_TABLE)
                    .query((rs, n) -> new HistoryRow(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                    .list();
        } catch (DataAccessException noHistoryYet) {
            return false;
        }
        if (rows.stream().anyMatch(r -> !r.success() || !"SQL".equals(r.type()) || r.version() == null)) {
            return false;
        }
        Set<String> applied = new java.util.HashSet<>();
        rows.forEach(r -> applied.add(MigrationScripts.normalize(r.version())));
        return applied.containsAll(shipped.get());
    }

    private record HistoryRow(String version, String type, boolean success) {
    }

    public List<MigrationInfo> all() {
        return List.of(flyway().info().all());
    }

    public List<MigrationInfo> pending() {
        return List.of(flyway().info().pending());
    }

    public boolean current() {
        return all().stream().noneMatch(m -> m.getState() == MigrationState.PENDING
                || m.getState().isFailed());
    }
}
