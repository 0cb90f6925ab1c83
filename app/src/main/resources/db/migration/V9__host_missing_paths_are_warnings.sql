-- A source path missing on the host fails the run unless the host opts in to treating it as a
-- warning (a partial snapshot, as before).
ALTER TABLE host ADD COLUMN missing_paths_are_warnings BOOLEAN NOT NULL DEFAULT FALSE;
