-- pobsync schema, version 11.
-- A source path missing on the host fails the run unless the host opts in to treating it as a
-- warning (a partial snapshot, as before).
ALTER TABLE host ADD COLUMN missing_paths_are_warnings BOOLEAN NOT NULL DEFAULT FALSE;
-- What each snapshot added to the disk: bytes in inodes no older snapshot of the host holds
-- (docs/design.md, "Disk use"). Their sum over a host's snapshots is the host's disk use.
-- NULL until a backup, a prune or discovery measures it.
ALTER TABLE snapshot_record ADD COLUMN added_bytes BIGINT;
