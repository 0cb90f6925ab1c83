-- pobsync schema, version 6: a queued run can wait before its next try.
-- A run a worker claimed while another task held the host's OS lock (a prune deleting
-- snapshots) goes back to the queue; not_before keeps every worker from claiming it again at
-- once, which would otherwise spin claim -> "host busy" -> requeue for as long as the prune runs.
-- NULL: claimable now. Epoch milliseconds, as every time column (V1).

ALTER TABLE backup_run ADD COLUMN not_before BIGINT;
