-- pobsync schema, version 2: indexes for the run queue.
-- "Has this host a queued or running run?" is asked by every enqueue, scheduled or not; without
-- this index it reads every run the host ever had.
CREATE INDEX ix_run_host_status ON backup_run (host_id, status);
