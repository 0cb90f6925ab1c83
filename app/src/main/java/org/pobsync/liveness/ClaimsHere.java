package org.pobsync.liveness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pobsync.db.Database;

/**
 * Work of one kind (backup runs, prune requests) that this JVM has claimed and not finished, so a
 * recovery pass can tell a live claim from a dead one. A claim recorded with this process's pid
 * that is not in here was made by an earlier process that had the same pid (a restarted
 * container's worker is pid 1 again): that worker is gone. JVM-wide, and keyed by database too,
 * because one JVM may hold several databases' services (tests do).
 */
public final class ClaimsHere {

    private static final Set<String> CLAIMED = ConcurrentHashMap.newKeySet();

    private final String prefix;

    public ClaimsHere(String kind, Database db) {
        this.prefix = kind + ":" + db.url() + "#";
    }

    public void add(long id) {
        CLAIMED.add(prefix + id);
    }

    public void remove(long id) {
        CLAIMED.remove(prefix + id);
    }

    /**
     * For work claimed on this machine by the process {@code workerPid}: is that process gone?
     * Unknown (null) pids count as alive; only a stale heartbeat ends those.
     */
    public boolean workerGone(Long workerPid, long id) {
        if (workerPid == null) {
            return false;
        }
        if (workerPid == ProcessIdentity.pid()) {
            return !CLAIMED.contains(prefix + id);
        }
        return ProcessHandle.of(workerPid).map(p -> !p.isAlive()).orElse(true);
    }
}
