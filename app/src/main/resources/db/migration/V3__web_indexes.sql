-- pobsync schema, version 3: indexes for the control panel's lists (measured with
-- bench/web-latency.sh on 100,000 runs and 500,000 snapshot records; docs/benchmarks.md).
-- Every list is "newest first", so each index ends in the column the list is ordered by: the
-- database walks it backwards and stops after one page instead of sorting every matching row.

-- A host's runs, and the dashboard's newest run of every host (MAX(id) per host: one seek each).
CREATE INDEX ix_run_host_id ON backup_run (host_id, id);

-- Runs of one status, newest first (the dashboard's recent failures, the run list's filter).
CREATE INDEX ix_run_status_id ON backup_run (status, id);

-- The snapshot list across all hosts, newest first, unfiltered or by status.
CREATE INDEX ix_snapshot_name ON snapshot_record (name, id);
CREATE INDEX ix_snapshot_status_name ON snapshot_record (status, name, id);
