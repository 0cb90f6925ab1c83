package org.pobsync.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.settings.PrivateFiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The one place that opens the database. SQLite is shared by the web, worker and scheduler
 * processes, so every connection gets WAL, a busy timeout, foreign keys, and IMMEDIATE
 * transactions (a deferred transaction that later wants to write can fail with SQLITE_BUSY at
 * once instead of waiting for the busy timeout).
 */
public final class Database implements AutoCloseable {

    static final int SQLITE_BUSY_TIMEOUT_MS = 15_000;

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final String url;

    private Database(HikariDataSource dataSource, Dialect dialect, String url) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.url = url;
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public static Database open(PobsyncSettings settings, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("pobsync");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(30_000);
        Dialect dialect;
        if (settings.isSqlite()) {
            dialect = Dialect.SQLITE;
            config.setDataSource(sqliteDataSource(settings.databaseUrl(), settings.sqliteFile().orElseThrow()));
        } else if (settings.databaseUrl().startsWith("jdbc:mariadb:")
                || settings.databaseUrl().startsWith("jdbc:mysql:")) {
            dialect = Dialect.MARIADB;
            config.setJdbcUrl(settings.databaseUrl());
            if (settings.databaseUser() != null) {
                config.setUsername(settings.databaseUser());
            }
            if (settings.databasePassword() != null) {
                config.setPassword(settings.databasePassword());
            }
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        } else {
            throw new IllegalArgumentException("POBSYNC_DATABASE_URL must start with jdbc:sqlite: or jdbc:mariadb:, got '"
                    + settings.databaseUrl() + "'");
        }
        return new Database(new HikariDataSource(config), dialect, settings.databaseUrl());
    }

    private static DataSource sqliteDataSource(String url, Path path) {
        // Created here rather than by SQLite, so that it (and the -wal and -shm files SQLite gives
        // the same mode) is private whatever the umask; an earlier version's files are closed too.
        PrivateFiles.file(path);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            PrivateFiles.closeToOthers(Path.of(path + suffix));
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public TransactionTemplate tx() {
        return tx;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The JDBC URL: which database this is (two pools on one URL are one database). */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
