-- pobsync schema, version 7: retention applies queued for the worker.
-- The panel confirms a prune but does not delete: under the systemd units the web process has
-- the backup root read-only (and no right to delete other users' files), the worker has both.
-- So "Apply" in the panel records a request here, and a worker claims it (status queued ->
-- running by a conditional UPDATE, like a backup run), re-plans, refuses the whole apply when
-- the plan exceeds max_delete, deletes, and records the outcome.
-- status: queued, running, succeeded (everything planned was deleted), failed (refused, or
-- some deletions failed: summary says which). Epoch milliseconds, as every time column (V1).

CREATE TABLE prune_request (
    id            ${id_pk},
    host_id       BIGINT        NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    max_delete    INTEGER       NOT NULL,
    requested_by  VARCHAR(150)  NOT NULL,
    requested_at  BIGINT        NOT NULL,
    not_before    BIGINT,
    started_at    BIGINT,
    finished_at   BIGINT,
    heartbeat_at  BIGINT,
    worker_id     VARCHAR(255),
    worker_host   VARCHAR(255),
    worker_pid    BIGINT,
    deleted_count INTEGER,
    bytes_freed   BIGINT,
    summary       TEXT,
    CONSTRAINT fk_prune_request_host FOREIGN KEY (host_id) REFERENCES host (id)
);
CREATE INDEX ix_prune_request_host ON prune_request (host_id, id);
CREATE INDEX ix_prune_request_status ON prune_request (status, id);
