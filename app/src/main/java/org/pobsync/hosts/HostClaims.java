package org.pobsync.hosts;

import java.util.ArrayList;
import java.util.Collection;
import org.pobsync.db.Database;
import org.pobsync.db.InList;
import org.pobsync.db.Dialect;

/**
 * The database half of "one backup per host at a time" (the OS lock on {@code <root>/<host>/.lock}
 * is the other): {@code host.active_run_id} names the run that holds the host. Taking it is a
 * conditional UPDATE from NULL, so two claimers (workers on several machines sharing MariaDB, a
 * worker and a foreground CLI backup) can never both win. Callers run these statements inside the
 * transaction that also moves the run, so the host and the run change together.
 */
public final class HostClaims {

    private final Database db;

    public HostClaims(Database db) {
        this.db = db;
    }

    /** Takes the host for {@code runId}; false when another run holds it. */
    public boolean claim(long hostId, long runId) {
        return db.jdbc().sql("UPDATE host SET active_run_id = ? WHERE id = ? AND active_run_id IS NULL")
                .params(runId, hostId).update() == 1;
    }

    /** Frees the host, only if {@code runId} holds it. */
    public void release(long hostId, long runId) {
        db.jdbc().sql("UPDATE host SET active_run_id = NULL WHERE id = ? AND active_run_id = ?")
                .params(hostId, runId).update();
    }

    /**
     * Serializes writers of these hosts' runs for the rest of the transaction. SQLite needs
     * nothing: its IMMEDIATE transactions already hold the database's write lock.
     */
    public void lockForUpdate(Collection<Long> hostIds) {
        if (db.dialect() == Dialect.MARIADB && !hostIds.isEmpty()) {
            db.jdbc().sql("SELECT id FROM host WHERE id IN (" + InList.marks(hostIds.size())
                    + ") ORDER BY id FOR UPDATE").params(new ArrayList<>(hostIds)).query(Long.class).list();
        }
    }

    /** Frees hosts held by a run that has ended (e.g. a crash between two statements). */
    public void releaseEnded() {
        db.jdbc().sql("UPDATE host SET active_run_id = NULL WHERE active_run_id IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM backup_run r WHERE r.id = host.active_run_id AND r.status IN ('queued', 'running'))")
                .update();
    }
}
