package org.pobsync.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server settings of SPEC section 2, read from POBSYNC_* environment variables (the systemd
 * env file in production), each with a development default. Operational configuration (hosts,
 * schedules, retention) is never here: it lives in the database.
 */
public record PobsyncSettings(Path dataDir, String databaseUrl, String databaseUser,
                              String databasePassword, String bind, Path secretFile,
                              Path initialBackupRoot, boolean metricsPublic, List<String> trustedProxies,
                              int auditRetentionDays) {

    /** How long the audit log keeps events unless POBSYNC_AUDIT_RETENTION_DAYS says otherwise. */
    public static final int DEFAULT_AUDIT_RETENTION_DAYS = 400;

    public static PobsyncSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static PobsyncSettings from(Map<String, String> env) {
        Path dataDir = Path.of(env.getOrDefault("POBSYNC_DATA_DIR", "./var")).toAbsolutePath().normalize();
        String url = blankToNull(env.get("POBSYNC_DATABASE_URL"));
        if (url == null) {
            url = "jdbc:sqlite:" + dataDir.resolve("pobsync.sqlite3");
        }
        String secret = blankToNull(env.get("POBSYNC_SECRET_FILE"));
        String root = blankToNull(env.get("POBSYNC_BACKUP_ROOT"));
        return new PobsyncSettings(dataDir, url,
                blankToNull(env.get("POBSYNC_DATABASE_USER")),
                blankToNull(env.get("POBSYNC_DATABASE_PASSWORD")),
                env.getOrDefault("POBSYNC_BIND", "127.0.0.1:8010"),
                secret != null ? Path.of(secret).toAbsolutePath() : dataDir.resolve("secret.key"),
                root != null ? Path.of(root).toAbsolutePath().normalize()
                        : Path.of("./backups").toAbsolutePath().normalize(),
                // /metrics without a login or token, for a Prometheus on a trusted network.
                "true".equalsIgnoreCase(env.getOrDefault("POBSYNC_METRICS_PUBLIC", "false").trim()),
                TrustedProxies.parse(env.getOrDefault("POBSYNC_TRUSTED_PROXIES", "")),
                days("POBSYNC_AUDIT_RETENTION_DAYS", env.get("POBSYNC_AUDIT_RETENTION_DAYS"), DEFAULT_AUDIT_RETENTION_DAYS));
    }

    public boolean isSqlite() {
        return databaseUrl.startsWith("jdbc:sqlite:");
    }

    /** The SQLite database file (the URL without its {@code ?options}); empty for MariaDB. */
    public Optional<Path> sqliteFile() {
        if (!isSqlite()) {
            return Optional.empty();
        }
        String file = databaseUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        return Optional.of(Path.of(query < 0 ? file : file.substring(0, query)).toAbsolutePath().normalize());
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public Path sshDir() {
        return dataDir.resolve("ssh");
    }

    public Path sshKey() {
        return sshDir().resolve("id_ed25519");
    }

    /**
     * The known_hosts file of one host: only that host's pinned keys, so a key pinned for another
     * host record at the same address and port is never accepted for this one.
     */
    public Path knownHostsFile(String hostName) {
        return sshDir().resolve("known_hosts.d").resolve(hostName);
    }

    /** The host part of {@link #bind}. */
    public String bindAddress() {
        int colon = bind.lastIndexOf(':');
        return colon < 0 ? bind : bind.substring(0, colon);
    }

    /** The port part of {@link #bind}. */
    public int bindPort() {
        int colon = bind.lastIndexOf(':');
        try {
            return Integer.parseInt(colon < 0 ? bind : bind.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("POBSYNC_BIND must be ADDRESS:PORT, got '" + bind + "'");
        }
    }

    /** A whole number of days, 1 to 100 years; anything else stops the process with the variable named. */
    private static int days(String name, String value, int defaultDays) {
        if (value == null || value.isBlank()) {
            return defaultDays;
        }
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 1 && days <= 36_500) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of days from 1 to 36500, got '" + value + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
