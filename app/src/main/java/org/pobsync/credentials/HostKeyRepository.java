package org.pobsync.credentials;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;

/** SQL for host_key: the pinned host keys. */
public final class HostKeyRepository {

    private final Database db;

    public HostKeyRepository(Database db) {
        this.db = db;
    }

    public List<PinnedHostKey> findByHost(long hostId) {
        return db.jdbc().sql("SELECT * FROM host_key WHERE host_id = ? ORDER BY key_type").param(hostId)
                .query(HostKeyRepository::map).list();
    }

    public List<PinnedHostKey> findAll() {
        return db.jdbc().sql("SELECT * FROM host_key ORDER BY host_id, key_type").query(HostKeyRepository::map).list();
    }

    /** Replaces the host's pinned keys with the given ones, in one transaction. */
    public void replace(long hostId, List<PinnedHostKey> keys) {
        db.tx().executeWithoutResult(tx -> {
            db.jdbc().sql("DELETE FROM host_key WHERE host_id = ?").param(hostId).update();
            for (PinnedHostKey k : keys) {
                db.jdbc().sql("INSERT INTO host_key (host_id, key_type, public_key, fingerprint, pinned_at, pinned_by)"
                                + " VALUES (?, ?, ?, ?, ?, ?)")
                        .params(hostId, k.keyType(), k.publicKey(), k.fingerprint(), Rows.millis(k.pinnedAt()),
                                k.pinnedBy())
                        .update();
            }
        });
    }

    public int deleteByHost(long hostId) {
        return db.jdbc().sql("DELETE FROM host_key WHERE host_id = ?").param(hostId).update();
    }

    static PinnedHostKey map(ResultSet rs, int n) throws SQLException {
        return new PinnedHostKey(rs.getLong("id"), rs.getLong("host_id"), rs.getString("key_type"),
                rs.getString("public_key"), rs.getString("fingerprint"), Rows.instant(rs, "pinned_at"),
                rs.getString("pinned_by"));
    }
}
