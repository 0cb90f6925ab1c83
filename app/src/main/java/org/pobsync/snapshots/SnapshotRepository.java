package org.pobsync.snapshots;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.InList;
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
        List<SnapshotRecord> found = new java.util.ArrayList<>(ids.size());
        for (List<Long> chunk : InList.chunks(ids)) {
            found.addAll(db.jdbc().sql(SELECT + " WHERE s.id IN (" + InList.marks(chunk.size()) + ")")
                    .params(chunk.toArray())
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

    /** The figures of {@link SnapshotSizer}, leaving the rest of the record alone. */
    public void setSizes(long id, long files, long totalBytes, Long uniqueBytes) {
        db.jdbc().sql("UPDATE snapshot_record SET file_count = ?, total_bytes = ?, unique_bytes = ? WHERE id = ?")
                .params(files, totalBytes, uniqueBytes, id).update();
    }

    /** What the snapshot added to the disk (docs/design.md, "Disk use"); null when not measured. */
    public void setAddedBytes(long id, Long addedBytes) {
        db.jdbc().sql("UPDATE snapshot_record SET added_bytes = ? WHERE id = ?").params(addedBytes, id).update();
    }

    /** {@link #setAddedBytes} of each of the host's records, by record id (null when not measured). */
    public Map<Long, Long> addedBytes(long hostId) {
        Map<Long, Long> added = new HashMap<>();
        db.jdbc().sql("SELECT id, added_bytes FROM snapshot_record WHERE host_id = ?").param(hostId)
                .query((rs, n) -> added.put(rs.getLong("id"), Rows.longValue(rs, "added_bytes"))).list();
        return added;
    }

    /**
     * The disk use of each of {@code hostIds}, in one query: the sum of what its snapshots still
     * on disk added, each inode once (docs/design.md, "Disk use"). Hosts without snapshots are
     * absent. Read from the index on {@code (host_id, status, ..., added_bytes)}, one range per host.
     */
    public Map<Long, DiskUse> diskUse(java.util.Collection<Long> hostIds) {
        Map<Long, DiskUse> use = new HashMap<>();
        InList.chunks(hostIds).forEach(chunk -> use.putAll(diskUseOf(chunk)));
        return use;
    }

    /** {@link #diskUse(java.util.Collection)} of one host; nothing on disk is zero. */
    public DiskUse diskUse(long hostId) {
        return diskUseOf(List.of(hostId)).getOrDefault(hostId, new DiskUse(0, 0, 0));
    }

    private Map<Long, DiskUse> diskUseOf(List<Long> hostIds) {
        Map<Long, DiskUse> use = new HashMap<>();
        if (hostIds.isEmpty()) {
            return use;
        }
        db.jdbc().sql("SELECT host_id, COUNT(*) AS snapshots, SUM(added_bytes) AS added,"
                        + " SUM(CASE WHEN added_bytes IS NULL THEN 1 ELSE 0 END) AS unmeasured FROM snapshot_record"
                        + " WHERE host_id IN (" + InList.marks(hostIds.size()) + ") AND status IN ('complete', 'partial', 'incomplete')"
                        + " GROUP BY host_id")
                .params(hostIds.toArray())
                .query((rs, n) -> use.put(rs.getLong("host_id"), new DiskUse(rs.getLong("snapshots"),
                        rs.getLong("added"), rs.getLong("unmeasured")))).list();
        return use;
    }

    /** One point of a host's disk use: a snapshot on disk, oldest first, and what it added. */
    public record Added(long id, String name, Instant startedAt, Long addedBytes) {
    }

    /** The host's snapshots on disk, oldest first, with what each added (for the usage chart). */
    public List<Added> addedOverTime(long hostId) {
        return db.jdbc().sql("SELECT id, name, started_at, added_bytes FROM snapshot_record WHERE host_id = ?"
                        + " AND status IN ('complete', 'partial', 'incomplete') ORDER BY name")
                .param(hostId)
                .query((rs, n) -> new Added(rs.getLong("id"), rs.getString("name"), Rows.instant(rs, "started_at"),
                        Rows.longValue(rs, "added_bytes"))).list();
    }

    /**
     * @param snapshots  snapshots on disk (complete, partial or incomplete)
     * @param bytes      what they hold on disk together, each inode once
     * @param unmeasured snapshots whose added bytes are not known yet (bytes is then a lower bound)
     */
    public record DiskUse(long snapshots, long bytes, long unmeasured) {
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
