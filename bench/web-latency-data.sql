-- Bulk data for bench/web-latency.sh: :hosts hosts with a schedule (1,000 by default), 100,000
-- runs (:runs_per_host per host, one a day, with a ~1 KiB log tail, some failed, three running and
-- two queued), 500,000 snapshot records (:snaps_per_host per host, one every 6 hours; the oldest
-- 85 % of each host pruned) and per-host alert settings on some hosts. Written with recursive CTEs
-- in one transaction: seconds, not minutes. :now, :hosts, :runs_per_host, :snaps_per_host and
-- :snaps_pruned are replaced by the script.
PRAGMA journal_mode = WAL;
BEGIN;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :hosts)
INSERT INTO host (name, address, transport, ssh_user, ssh_port, use_sudo, source_paths, exclude_patterns,
                  rsync_options, bwlimit_kbps, timeout_seconds, retention_override, enabled, notes,
                  created_at, updated_at)
SELECT printf('host-%04d', i), printf('host-%04d.example.net', i), 'ssh', NULL, NULL, 0,
       '["/etc","/home","/var/lib"]', '["*.tmp","/home/*/.cache/"]', '["--one-file-system"]', NULL, NULL, 0,
       CASE WHEN i % 100 = 0 THEN 0 ELSE 1 END, NULL, :now - 250 * 86400000, :now - 250 * 86400000
FROM n;

INSERT INTO backup_schedule (host_id, cron_expression, time_zone, prune, enabled, last_enqueued_at, next_run_at,
                             last_error, created_at, updated_at)
SELECT id, printf('%d %d * * *', id % 60, 1 + id % 5), 'UTC', 1, 1, :now - 3600000, :now + 20 * 3600000, NULL,
       created_at, created_at
FROM host;

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
INSERT INTO backup_run (host_id, trigger_kind, dry_run, prune, status, cancel_requested, queued_at, started_at,
                        finished_at, heartbeat_at, worker_id, worker_host, worker_pid, snapshot_name,
                        rsync_exit_code, error_summary, files_total, files_transferred, bytes_transferred,
                        total_size, progress_percent, command_line, log_path, log_tail)
SELECT (i % :hosts) + 1, 'schedule', 0, 1,
       CASE WHEN i % 20 = 7 THEN 'failed' WHEN i % 50 = 3 THEN 'warning' ELSE 'succeeded' END, 0,
       :now - (:runs_per_host - i / :hosts) * 86400000 + (i % :hosts) * 60000,
       :now - (:runs_per_host - i / :hosts) * 86400000 + (i % :hosts) * 60000 + 2000,
       :now - (:runs_per_host - i / :hosts) * 86400000 + (i % :hosts) * 60000 + 182000,
       :now - (:runs_per_host - i / :hosts) * 86400000 + (i % :hosts) * 60000 + 182000,
       'worker:bench:4242', 'bench', 4242,
       strftime('%Y%m%dT%H%M%SZ', (:now - (:runs_per_host - i / :hosts) * 86400000 + (i % :hosts) * 60000) / 1000, 'unixepoch'),
       CASE WHEN i % 20 = 7 THEN 255 WHEN i % 50 = 3 THEN 24 ELSE 0 END,
       CASE WHEN i % 20 = 7 THEN 'host unreachable: ssh: connect to host port 22: Connection timed out' END,
       48210, 311, 734003200 + i, 51539607552, 100,
       'rsync -a -H --numeric-ids --delete --delete-excluded --relative --protect-args --timeout=1800 ...',
       printf('/var/lib/pobsync/logs/runs/run-%d.log', i + 1),
       '>f.st...... etc/passwd' || char(10) || '>f.st...... etc/shadow' || char(10)
           || '>f..t...... home/alice/.bash_history' || char(10) || 'cd+++++++++ home/alice/projects/new/' || char(10)
           || '>f+++++++++ home/alice/projects/new/report-2026.odt' || char(10)
           || '>f.st...... var/lib/postgresql/15/main/base/16384/2619' || char(10)
           || '>f.st...... var/lib/postgresql/15/main/pg_wal/000000010000000A000000F3' || char(10)
           || 'Number of files: 48,210 (reg: 41,877, dir: 6,101, link: 232)' || char(10)
           || 'Number of regular files transferred: 311' || char(10)
           || 'Total file size: 51,539,607,552 bytes' || char(10)
           || 'Total transferred file size: 734,003,200 bytes' || char(10)
           || 'sent 93,301 bytes  received 734,511,870 bytes  4,061,347.66 bytes/sec' || char(10)
           || 'total size is 51,539,607,552  speedup is 70.16'
FROM n;

-- Live runs for the dashboard's running-backups region and the run-detail partial.
UPDATE backup_run SET status = 'running', finished_at = NULL, rsync_exit_code = NULL, error_summary = NULL,
                      files_total = NULL, files_transferred = NULL, total_size = NULL, progress_percent = 37,
                      progress_rate = 4194304, progress_eta_seconds = 412, heartbeat_at = :now
WHERE id IN (99998, 99999, 100000);
INSERT INTO backup_run (host_id, trigger_kind, dry_run, prune, status, cancel_requested, queued_at)
VALUES (11, 'manual', 0, 0, 'queued', 0, :now), (12, 'manual', 1, 0, 'queued', 0, :now);

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499999)
INSERT INTO snapshot_record (host_id, name, path, status, started_at, finished_at, base_name, file_count,
                             total_bytes, unique_bytes, run_id, discovered_at, deleted_at)
SELECT (i % :hosts) + 1,
       strftime('%Y%m%dT%H%M%SZ', (:now - (:snaps_per_host - i / :hosts) * 21600000 + (i % :hosts) * 1000) / 1000, 'unixepoch'),
       printf('/srv/backups/host-%04d/', (i % :hosts) + 1)
           || strftime('%Y%m%dT%H%M%SZ', (:now - (:snaps_per_host - i / :hosts) * 21600000 + (i % :hosts) * 1000) / 1000, 'unixepoch'),
       CASE WHEN i / :hosts < :snaps_pruned THEN 'deleted' WHEN (i / :hosts) % 97 = 5 THEN 'partial' ELSE 'complete' END,
       :now - (:snaps_per_host - i / :hosts) * 21600000 + (i % :hosts) * 1000,
       :now - (:snaps_per_host - i / :hosts) * 21600000 + (i % :hosts) * 1000 + 180000,
       NULL, 48210, 51539607552, 734003200, NULL,
       :now - (:snaps_per_host - i / :hosts) * 21600000 + (i % :hosts) * 1000 + 181000,
       CASE WHEN i / :hosts < :snaps_pruned THEN :now - (:snaps_per_host - i / :hosts) * 21600000 + 30 * 86400000 END
FROM n;

-- Alert settings of some hosts: a longer expectation on every 10th, failing only after three
-- failed runs in a row on every 7th, partial snapshots good on every 13th.
INSERT INTO host_alert_settings (host_id, expect_every_hours, failing_after_runs, partial_is_good, ping_url,
                                 updated_at)
SELECT id, CASE WHEN id % 10 = 0 THEN 48 END, CASE WHEN id % 7 = 0 THEN 3 END, id % 13 = 0, NULL, :now
FROM host WHERE id % 10 = 0 OR id % 7 = 0 OR id % 13 = 0;

INSERT INTO service_heartbeat (component, hostname, pid, version, started_at, last_seen_at)
VALUES ('scheduler', 'bench', 4241, 'bench', :now - 86400000, :now),
       ('worker:bench:4242', 'bench', 4242, 'bench', :now - 86400000, :now);

COMMIT;
