-- pobsync schema, version 11: restore runs (SPEC section 13).
-- A restore is a run like a backup: queued, claimed by a worker with the host, heartbeat,
-- cancel, live page. kind tells them apart: backup (every earlier row) or restore.
-- For a restore, host_id is the host whose snapshot is read, and:
--   restore_snapshot       the snapshot's name
--   restore_paths          the paths inside the snapshot, one per line, in their escaped text
--                          form (which never holds a newline: a newline in a name is "\n")
--   restore_target_host_id the host written to (the same host, or another configured one)
--   restore_target_dir     the absolute directory on it the paths land under
--   restore_delete         rsync --delete inside the restored paths, only when asked for
--   requested_by           who asked (a user name, or cli:<user>)

ALTER TABLE backup_run ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'backup';
ALTER TABLE backup_run ADD COLUMN restore_snapshot VARCHAR(64);
ALTER TABLE backup_run ADD COLUMN restore_paths TEXT;
ALTER TABLE backup_run ADD COLUMN restore_target_host_id BIGINT;
ALTER TABLE backup_run ADD COLUMN restore_target_dir VARCHAR(4096);
ALTER TABLE backup_run ADD COLUMN restore_delete BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE backup_run ADD COLUMN requested_by VARCHAR(255);
