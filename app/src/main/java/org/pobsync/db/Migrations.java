package org.pobsync.db;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.pobsync.settings.PobsyncSettings;
import org.springframework.dao.DataAccessException;

/**
 * Flyway, configured once for both databases. Every process calls {@link #migrateIfNeeded} at
 * start, so a fresh checkout or a fresh data dir just works; production installs run
 * {@code pobsync manage migrate} explicitly.
 *
 * <p>Flyway itself is only started when it has something to do: when the schema history
 * already records every shipped script as applied, with the checksum the script has now,
 * {@link #migrateIfNeeded} answers from one query (see {@link MigrationScripts} for what that
 * saves). A script that was applied and has changed since stops every start with one line
 * (app/src/main/resources/db/migration/README.md says why a released migration never changes).
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
        shippedScripts().ifPresent(shipped -> {
            List<HistoryRow> rows = history();
            if (rows != null) {
                refuseEditedScripts(shipped, rows);
            }
        });
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
     * ships, each with the script's checksum, and nothing else (no failed, undone, baseline or
     * repeatable rows): then Flyway would report nothing pending and validate it too. False
     * whenever in doubt; the caller then asks Flyway.
     *
     * @throws IllegalStateException when an applied script differs from the one shipped now
     */
    boolean everyShippedScriptApplied() {
        Optional<Map<String, MigrationScripts.Script>> shipped = shippedScripts();
        if (shipped.isEmpty()) {
            return false;
        }
        List<HistoryRow> rows = history();
        if (rows == null) {
            return false;
        }
        refuseEditedScripts(shipped.get(), rows);
        if (rows.stream().anyMatch(r -> !r.applied())) {
            return false;
        }
        Set<String> applied = new HashSet<>();
        rows.forEach(r -> applied.add(MigrationScripts.normalize(r.version())));
        return applied.containsAll(shipped.get().keySet());
    }

    private static Optional<Map<String, MigrationScripts.Script>> shippedScripts() {
        return MigrationScripts.scripts(Migrations.class.getClassLoader(), LOCATION);
    }

    /** The schema history in one query; null when there is none yet. */
    private List<HistoryRow> history() {
        try {
            return database.jdbc().sql("SELECT version, type, success, checksum FROM " + HISTORY_TABLE)
                    .query((rs, n) -> {
                        int checksum = rs.getInt(4);
                        return new HistoryRow(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                                rs.wasNull() ? null : checksum);
                    })
                    .list();
        } catch (DataAccessException noHistoryYet) {
            return null;
        }
    }

    /**
     * Flyway's own validation, done here because the start-up path above skips Flyway: a
     * database records the checksum of every script it applied, and a script that no longer
     * matches means a released migration was edited. Such a build must not run against this
     * database (its schema is not what the code expects), so this refuses with one line.
     */
    private static void refuseEditedScripts(Map<String, MigrationScripts.Script> shipped, List<HistoryRow> rows) {
        for (HistoryRow row : rows) {
            if (!row.applied() || row.checksum() == null) {
                continue;
            }
            MigrationScripts.Script script = shipped.get(MigrationScripts.normalize(row.version()));
            if (script != null && script.checksum() != row.checksum()) {
                throw new IllegalStateException("database migration " + script.fileName()
                        + " of this build is not the one applied to this database (Flyway checksum "
                        + script.checksum() + ", recorded " + row.checksum() + " in " + HISTORY_TABLE
                        + "): a released migration must never change; restore it and put the change"
                        + " into a new migration");
            }
        }
    }

    /** A row of the schema history; {@link #applied} for a versioned SQL script that succeeded. */
    private record HistoryRow(String version, String type, boolean success, Integer checksum) {
        boolean applied() {
            return success && "SQL".equals(type) && version != null;
        }
    }

    /**
     * True when pobsync's schema history exists: the database was set up before. Unlike the
     * start-up check, a database that cannot be read fails here rather than looking empty.
     */
    public boolean hasSchema() {
        String sql = switch (database.dialect()) {
            case SQLITE -> "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?";
            case MARIADB -> "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name = ?";
        };
        return database.jdbc().sql(sql).param(HISTORY_TABLE).query(Long.class).single() > 0;
    }

    /** Applies pending migrations when the database has pobsync's schema or {@code creation} allows making it. */
    public int migrateIfNeeded(PobsyncSettings settings, DatabaseCreation creation) {
        if (!hasSchema()) {
            // Without the URL's ?options, which may hold a password.
            String url = database.url().contains("?") ? database.url().substring(0, database.url().indexOf('?'))
                    : database.url();
            creation.requireMayCreate(settings, "the database " + url + " has no pobsync tables", false);
        }
        return migrateIfNeeded();
    }

    public List<MigrationInfo> all() {
        return List.of(flyway().info().all());
    }

    public List<MigrationInfo> pending() {
        return List.of(flyway().info().pending());
    }

    public boolean current() {
        // The one-query answer of every start first; Flyway's own (a scan of the scripts) only when in doubt.
        return everyShippedScriptApplied() || all().stream().noneMatch(m -> m.getState() == MigrationState.PENDING
                || m.getState().isFailed());
    }
}
