package org.pobsync.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.settings.PrivateFiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The one place that opens the database. SQLite is shared by the web, worker and scheduler
 * processes, so every connection gets WAL, a busy timeout, foreign keys, and IMMEDIATE
 * transactions (a deferred transaction that later wants to write can fail with SQLITE_BUSY at
 * once instead of waiting for the busy timeout).
 *
 * <p>A SQLite file is created only when the caller may create one ({@link DatabaseCreation});
 * the pool itself never creates it (SQLite would, for every new connection after the file was
 * deleted), and {@link #fileProblem} tells a long-running process that its file was deleted or
 * replaced under it.
 */
public final class Database implements AutoCloseable {

    static final int SQLITE_BUSY_TIMEOUT_MS = 15_000;
    /**
     * Page cache of each pooled SQLite connection, allocated as pages are read. SQLite's default
     * of 2 MiB made the web process's host overview re-read its index pages from the file system
     * on every query (1,000 hosts: about 2x the dashboard's CPU per request).
     */
    static final int SQLITE_CACHE_KIB = 32 * 1024;

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final String url;
    /** The SQLite file and its identity (device and inode) when it was opened; null for MariaDB. */
    private final Path sqliteFile;
    private final Object sqliteFileKey;

    private Database(HikariDataSource dataSource, Dialect dialect, String url, Path sqliteFile) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.url = url;
        this.sqliteFile = sqliteFile;
        this.sqliteFileKey = sqliteFile == null ? null : fileKey(sqliteFile);
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Opens the database. A missing SQLite file is created only as {@code creation} allows;
     * otherwise this throws {@link DatabaseCreation.MissingDatabaseException} naming the file.
     */
    public static Database open(PobsyncSettings settings, int poolSize, DatabaseCreation creation) {
        settings.sqliteFile().filter(file -> !Files.exists(file))
                .ifPresent(file -> creation.requireMayCreate(settings, "the database " + file + " does not exist", true));
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
        return new Database(new HikariDataSource(config), dialect, settings.databaseUrl(),
                settings.sqliteFile().orElse(null));
    }

    private static DataSource sqliteDataSource(String url, Path path) {
        // Created here (empty, which SQLite takes for an empty database) only when open() allowed
        // it, never by SQLite: the pool's connections lack the create flag. Created here also so
        // that it (and the -wal and -shm files SQLite gives the same mode) is private whatever the
        // umask; an earlier version's files are closed too.
        PrivateFiles.file(path);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            PrivateFiles.closeToOthers(Path.of(path + suffix));
        }
        SQLiteConfig config = sqliteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    private static SQLiteConfig sqliteConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setCacheSize(-SQLITE_CACHE_KIB);
        return config;
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

    /**
     * What happened to the SQLite file since this process opened it: deleted, moved away or
     * replaced by another file. Empty while it is the same file (and always for MariaDB). SQLite
     * keeps writing into a deleted file's inode, where nobody will ever read it again.
     */
    public Optional<String> fileProblem() {
        if (sqliteFile == null || sqliteFileKey == null) {
            return Optional.empty();
        }
        try {
            Object key = Files.readAttributes(sqliteFile, BasicFileAttributes.class).fileKey();
            return Objects.equals(key, sqliteFileKey) ? Optional.empty()
                    : Optional.of("the database file " + sqliteFile + " was replaced by another file");
        } catch (NoSuchFileException e) {
            return Optional.of("the database file " + sqliteFile + " was deleted or moved away");
        } catch (IOException e) {
            return Optional.empty(); // cannot tell (permissions): not a reason to stop a service
        }
    }

    /**
     * SQLite's own check of every page and index ({@code PRAGMA quick_check}): empty when the file
     * is sound, else the first problems it names. Always empty for MariaDB.
     */
    public Optional<String> integrityProblem() {
        if (dialect != Dialect.SQLITE) {
            return Optional.empty();
        }
        List<String> lines = jdbc.sql("PRAGMA quick_check(3)").query(String.class).list();
        return lines.equals(List.of("ok")) ? Optional.empty() : Optional.of(String.join("; ", lines));
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** True once {@link #close} was called. */
    public boolean isClosed() {
        return dataSource.isClosed();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
