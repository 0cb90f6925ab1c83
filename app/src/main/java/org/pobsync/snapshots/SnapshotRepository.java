package org.pobsync.snapshots;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.pobsync.db.Where;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** SQL for snapshot_record. */
public final class SnapshotRepository {

    static final String SELECT = "SELECT s.*, h.name AS host_name FROM snapshot_record s JOIN host h ON h.id = s.host_id";

    private final Database db;

    public SnapshotRepository(Database db) {
        this.db = db;
    }

    public Optional<SnapshotRecord> findById(long id) {
        return db.jdbc().sql(SELECT + " WHERE s.id = ?").param(id).query(SnapshotRepository::map).optional();
    }

    public Optional<SnapshotRecord> find(long hostId, String name) {
        return db.jdbc().sql(SELECT + " WHERE s.host_id = ? AND s.name = ?").params(hostId, name)
                .query(SnapshotRepository::map).optional();
    }

    /** All records of a host, newest first. */
    public List<SnapshotRecord> findByHost(long hostId) {
        return db.jdbc().sql(SELECT + " WHERE s.host_id = ? ORDER BY s.name DESC").param(hostId)
                .query(SnapshotRepository::map).list();
    }

    /** Newest first, optionally one host / one status. */
    public List<SnapshotRecord> find(Long hostId, SnapshotStatus status, int limit, int offset) {
        Where where = filter("s.", hostId, status);
        return db.jdbc().sql(SELECT + where.sql() + " ORDER BY s.name DESC, s.id DESC LIMIT ? OFFSET ?")
                .params(where.params(limit, offset)).query(SnapshotRepository::map).list();
    }

    /** The records with these ids (in no particular order), a bounded number of queries for any count. */
    public List<SnapshotRecord> findAllById(java.util.Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        List<SnapshotRecord> found = new java.util.ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            found.addAll(db.jdbc().sql(SELECT + " WHERE s.id IN (" + marks + ")").params(chunk.toArray())
                    .query(SnapshotRepository::map).list());
        }
        return found;
    }

    /** The newest complete or partial snapshot of the host. */
    public Optional<SnapshotRecord> latestUsable(long hostId) {
        return db.jdbc().sql(SELECT + " WHERE s.host_id = ? AND s.status IN ('complete', 'partial')"
                        + " ORDER BY s.name DESC LIMIT 1").param(hostId)
                .query(SnapshotRepository::map).optional();
    }

    /** {@link #latestUsable} of every host that has one, in one query (one index seek per host). */
    public List<SnapshotRecord> latestUsablePerHost() {
        return db.jdbc().sql("SELECT s.*, h.name AS host_name FROM host h JOIN snapshot_record s ON s.id ="
                        + " (SELECT s2.id FROM snapshot_record s2 WHERE s2.host_id = h.id"
                        + " AND s2.status IN ('complete', 'partial') ORDER BY s2.name DESC LIMIT 1)")
                .query(SnapshotRepository::map).list();
    }

    /**
     * Directories of snapshots recorded under {@code root} that are neither deleted nor missing,
     * newest first: the backup root check's evidence that a root without a marker once held
     * snapshots. A scan of the table, but only made while a root has no marker id yet.
     */
    public List<Path> recordedUnder(Path root, int limit) {
        String prefix = root.toString().endsWith("/") ? root.toString() : root + "/";
        String like = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return db.jdbc().sql("SELECT path FROM snapshot_record WHERE path LIKE ? ESCAPE '!'"
                        + " AND status IN ('complete', 'partial', 'incomplete', 'deleting') ORDER BY id DESC LIMIT ?")
                .params(like, limit).query(String.class).list().stream()
                // LIKE ignores case on both databases; paths do not.
                .filter(p -> p.startsWith(prefix)).map(Path::of).toList();
    }

    public long insert(SnapshotRecord r) {
        KeyHolder keys = new GeneratedKeyHolder();
        db.jdbc().sql("INSERT INTO snapshot_record (host_id, name, path, status, started_at, finished_at, base_name,"
                        + " base_snapshot_id, file_count, total_bytes, unique_bytes, run_id, discovered_at, deleted_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.hostId(), r.name(), r.path(), r.status().dbValue(), Rows.millis(r.startedAt()),
                        Rows.millis(r.finishedAt()), r.baseName(), r.baseSnapshotId(), r.fileCount(), r.totalBytes(),
                        r.uniqueBytes(), r.runId(), Rows.millis(r.discoveredAt()), Rows.millis(r.deletedAt()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public void update(SnapshotRecord r) {
        db.jdbc().sql("UPDATE snapshot_record SET path = ?, status = ?, started_at = ?, finished_at = ?, base_name = ?,"
                        + " base_snapshot_id = ?, file_count = ?, total_bytes = ?, unique_bytes = ?, run_id = ?,"
                        + " deleted_at = ? WHERE id = ?")
                .params(r.path(), r.status().dbValue(), Rows.millis(r.startedAt()), Rows.millis(r.finishedAt()),
                        r.baseName(), r.baseSnapshotId(), r.fileCount(), r.totalBytes(), r.uniqueBytes(), r.runId(),
                        Rows.millis(r.deletedAt()), r.id())
                .update();
    }

    public void setStatus(long id, SnapshotStatus status, Instant deletedAt) {
        db.jdbc().sql("UPDATE snapshot_record SET status = ?, deleted_at = ? WHERE id = ?")
                .params(status.dbValue(), Rows.millis(deletedAt), id).update();
    }

    public long count(Long hostId, SnapshotStatus status) {
        Where where = filter("", hostId, status);
        return db.jdbc().sql("SELECT COUNT(*) FROM snapshot_record" + where.sql()).params(where.params())
                .query(Long.class).single();
    }

    private static Where filter(String alias, Long hostId, SnapshotStatus status) {
        return new Where().eq(alias + "host_id", hostId).eq(alias + "status", status == null ? null : status.dbValue());
    }

    static SnapshotRecord map(ResultSet rs, int n) throws SQLException {
        return new SnapshotRecord(rs.getLong("id"), rs.getLong("host_id"), rs.getString("host_name"),
                rs.getString("name"), rs.getString("path"), SnapshotStatus.parse(rs.getString("status")),
                Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"), rs.getString("base_name"),
                Rows.longValue(rs, "base_snapshot_id"), Rows.longValue(rs, "file_count"),
                Rows.longValue(rs, "total_bytes"), Rows.longValue(rs, "unique_bytes"), Rows.longValue(rs, "run_id"),
                Rows.instant(rs, "discovered_at"), Rows.instant(rs, "deleted_at"));
    }
}
