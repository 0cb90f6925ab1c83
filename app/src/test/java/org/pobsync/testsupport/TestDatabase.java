package org.pobsync.testsupport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The two databases pobsync supports, for tests that must pass on both. {@link #env} returns the
 * POBSYNC_* environment a process (or the CLI entry point) needs to use a fresh, empty database.
 */
public enum TestDatabase {
    SQLITE, MARIADB;

    public Map<String, String> env(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("POBSYNC_DATA_DIR", dataDir.toString());
        env.put("POBSYNC_BACKUP_ROOT", dataDir.resolve("backups").toString());
        if (this == MARIADB) {
            PrivateMariaDb db = PrivateMariaDb.shared();
            env.put("POBSYNC_DATABASE_URL", db.newDatabase());
            env.put("POBSYNC_DATABASE_USER", db.user());
            env.put("POBSYNC_DATABASE_PASSWORD", db.password());
        }
        return env;
    }
}
