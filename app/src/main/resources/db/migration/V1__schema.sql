-- pobsync schema, version 1: the whole data model of SPEC section 3.
-- One set of migrations serves SQLite and MariaDB. SQLite accepts MariaDB's type names, so
-- the only per-database difference is the auto-increment key, injected as the placeholder
-- id_pk by org.pobsync.db.Migrations. All times are epoch milliseconds (UTC) in BIGINT columns;
-- lists (source paths, excludes, rsync options) are JSON arrays in TEXT columns.

CREATE TABLE global_config (
    id                        INTEGER      NOT NULL PRIMARY KEY,
    backup_root               VARCHAR(4096) NOT NULL,
    keep_last                 INTEGER,
    keep_hourly               INTEGER,
    keep_daily                INTEGER,
    keep_weekly               INTEGER,
    keep_monthly              INTEGER,
    keep_yearly               INTEGER,
    rsync_timeout_seconds     INTEGER      NOT NULL,
    max_concurrent_backups    INTEGER      NOT NULL,
    default_ssh_user          VARCHAR(64)  NOT NULL,
    default_ssh_port          INTEGER      NOT NULL,
    stale_run_timeout_seconds INTEGER      NOT NULL,
    run_log_retention_days    INTEGER      NOT NULL,
    updated_at                BIGINT       NOT NULL
);

CREATE TABLE host (
    id                 ${id_pk},
    name               VARCHAR(63)   NOT NULL,
    address            VARCHAR(255)  NOT NULL,
    transport          VARCHAR(8)    NOT NULL,
    ssh_user           VARCHAR(64),
    ssh_port           INTEGER,
    use_sudo           BOOLEAN       NOT NULL,
    source_paths       TEXT          NOT NULL,
    exclude_patterns   TEXT          NOT NULL,
    rsync_options      TEXT          NOT NULL,
    bwlimit_kbps       INTEGER,
    timeout_seconds    INTEGER,
    retention_override BOOLEAN       NOT NULL,
    keep_last          INTEGER,
    keep_hourly        INTEGER,
    keep_daily         INTEGER,
    keep_weekly        INTEGER,
    keep_monthly       INTEGER,
    keep_yearly        INTEGER,
    enabled            BOOLEAN       NOT NULL,
    notes              TEXT,
    -- The run that holds this host (claimed by a worker or running in the foreground); a
    -- conditional UPDATE on this column is the cross-machine claim, the OS file lock the
    -- same-machine guard.
    active_run_id      BIGINT,
    created_at         BIGINT        NOT NULL,
    updated_at         BIGINT        NOT NULL,
    CONSTRAINT uq_host_name UNIQUE (name)
);

CREATE TABLE host_key (
    id           ${id_pk},
    host_id      BIGINT        NOT NULL,
    key_type     VARCHAR(64)   NOT NULL,
    public_key   TEXT          NOT NULL,
    fingerprint  VARCHAR(128)  NOT NULL,
    pinned_at    BIGINT        NOT NULL,
    pinned_by    VARCHAR(150),
    CONSTRAINT fk_host_key_host FOREIGN KEY (host_id) REFERENCES host (id)
);
CREATE INDEX ix_host_key_host ON host_key (host_id);

CREATE TABLE backup_schedule (
    id               ${id_pk},
    host_id          BIGINT        NOT NULL,
    cron_expression  VARCHAR(128)  NOT NULL,
    time_zone        VARCHAR(64)   NOT NULL,
    prune            BOOLEAN       NOT NULL,
    enabled          BOOLEAN       NOT NULL,
    last_enqueued_at BIGINT,
    next_run_at      BIGINT,
    last_error       TEXT,
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL,
    CONSTRAINT uq_schedule_host UNIQUE (host_id),
    CONSTRAINT fk_schedule_host FOREIGN KEY (host_id) REFERENCES host (id)
);
CREATE INDEX ix_schedule_due ON backup_schedule (enabled, next_run_at);

CREATE TABLE backup_run (
    id                   ${id_pk},
    host_id              BIGINT        NOT NULL,
    trigger_kind         VARCHAR(16)   NOT NULL,
    dry_run              BOOLEAN       NOT NULL,
    prune                BOOLEAN       NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    cancel_requested     BOOLEAN       NOT NULL,
    queued_at            BIGINT        NOT NULL,
    started_at           BIGINT,
    finished_at          BIGINT,
    heartbeat_at         BIGINT,
    worker_id            VARCHAR(255),
    worker_host          VARCHAR(255),
    worker_pid           BIGINT,
    rsync_pid            BIGINT,
    snapshot_name        VARCHAR(32),
    snapshot_id          BIGINT,
    base_snapshot_name   VARCHAR(32),
    base_snapshot_id     BIGINT,
    rsync_exit_code      INTEGER,
    error_summary        TEXT,
    files_total          BIGINT,
    files_transferred    BIGINT,
    bytes_transferred    BIGINT,
    total_size           BIGINT,
    progress_percent     INTEGER,
    progress_rate        BIGINT,
    progress_eta_seconds BIGINT,
    command_line         TEXT,
    log_path             VARCHAR(4096),
    log_tail             MEDIUMTEXT,
    CONSTRAINT fk_run_host FOREIGN KEY (host_id) REFERENCES host (id)
);
CREATE INDEX ix_run_status_queued ON backup_run (status, queued_at);
CREATE INDEX ix_run_host_queued ON backup_run (host_id, queued_at);

CREATE TABLE snapshot_record (
    id               ${id_pk},
    host_id          BIGINT        NOT NULL,
    name             VARCHAR(32)   NOT NULL,
    path             VARCHAR(4096) NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    base_name        VARCHAR(32),
    base_snapshot_id BIGINT,
    file_count       BIGINT,
    total_bytes      BIGINT,
    unique_bytes     BIGINT,
    run_id           BIGINT,
    discovered_at    BIGINT        NOT NULL,
    deleted_at       BIGINT,
    CONSTRAINT uq_snapshot_host_name UNIQUE (host_id, name),
    CONSTRAINT fk_snapshot_host FOREIGN KEY (host_id) REFERENCES host (id)
);
CREATE INDEX ix_snapshot_status ON snapshot_record (status);

CREATE TABLE app_user (
    id            ${id_pk},
    username      VARCHAR(150)  NOT NULL,
    email         VARCHAR(254),
    password_hash VARCHAR(255)  NOT NULL,
    active        BOOLEAN       NOT NULL,
    staff         BOOLEAN       NOT NULL,
    superuser     BOOLEAN       NOT NULL,
    created_at    BIGINT        NOT NULL,
    last_login_at BIGINT,
    CONSTRAINT uq_user_username UNIQUE (username)
);

CREATE TABLE audit_event (
    id          ${id_pk},
    occurred_at BIGINT        NOT NULL,
    actor       VARCHAR(150)  NOT NULL,
    action      VARCHAR(64)   NOT NULL,
    target      VARCHAR(255),
    detail      TEXT,
    remote_addr VARCHAR(64)
);
CREATE INDEX ix_audit_time ON audit_event (occurred_at);

CREATE TABLE service_heartbeat (
    id           ${id_pk},
    component    VARCHAR(128)  NOT NULL,
    hostname     VARCHAR(255)  NOT NULL,
    pid          BIGINT        NOT NULL,
    version      VARCHAR(32)   NOT NULL,
    started_at   BIGINT        NOT NULL,
    last_seen_at BIGINT        NOT NULL,
    CONSTRAINT uq_heartbeat UNIQUE (component, hostname)
);
