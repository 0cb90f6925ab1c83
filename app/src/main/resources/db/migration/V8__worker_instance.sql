-- pobsync schema, version 8: which process instance holds a claim.
-- A run or prune claimed on this machine is "lost" when its worker process is gone. A pid alone
-- cannot say so when the pid is this process's own: a restarted container's worker is pid 1
-- again, and would take its predecessor's claims for its own. worker_instance is a random id
-- each process draws at start (ProcessIdentity.instance()): a claim under this pid with another
-- instance was made by an earlier process. NULL on rows claimed before this version.

ALTER TABLE backup_run ADD COLUMN worker_instance VARCHAR(64);
ALTER TABLE prune_request ADD COLUMN worker_instance VARCHAR(64);
