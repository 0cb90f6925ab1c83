-- pobsync schema: host state, alerts and notifications (SPEC section 14).
-- Portable as V1: ${id_pk} for keys, epoch milliseconds in BIGINT columns, lists as JSON arrays
-- in TEXT columns.

-- What "backed up recently enough" means for one host. NULL columns take the default: the
-- expectation comes from the schedule, else alert_settings.default_expect_hours; a host is
-- failing after 1 failed run in a row. A partial snapshot (rsync exit 23) counts as a good one
-- only where partial_is_good says so. ping_url gets healthchecks-style /start, success and /fail
-- pings for every backup of the host.
CREATE TABLE host_alert_settings (
    host_id            BIGINT        NOT NULL PRIMARY KEY,
    expect_every_hours INTEGER,
    failing_after_runs INTEGER,
    partial_is_good    BOOLEAN       NOT NULL,
    ping_url           VARCHAR(2048),
    updated_at         BIGINT        NOT NULL,
    CONSTRAINT fk_host_alert_settings_host FOREIGN KEY (host_id) REFERENCES host (id)
);

-- One row (id 1): the server-wide alert settings. reminder_hours NULL: no reminders;
-- digest_hour NULL: no daily digest, else the hour (0-23, the server's time zone) it is sent.
-- last_digest_at lets one notifier, of several, send each day's digest (a conditional UPDATE).
-- panel_url is where messages link to (the notifier runs in the worker, which cannot know it).
CREATE TABLE alert_settings (
    id                   INTEGER       NOT NULL PRIMARY KEY,
    default_expect_hours INTEGER       NOT NULL,
    reminder_hours       INTEGER,
    digest_hour          INTEGER,
    disk_free_percent    INTEGER       NOT NULL,
    panel_url            VARCHAR(2048),
    last_digest_at       BIGINT,
    updated_at           BIGINT        NOT NULL
);
INSERT INTO alert_settings (id, default_expect_hours, reminder_hours, digest_hour, disk_free_percent, panel_url,
                            last_digest_at, updated_at)
VALUES (1, 26, 24, NULL, 10, NULL, NULL, 0);

-- Where messages go. kind: email or webhook. Secrets (the SMTP password, the webhook's secret
-- header value) are not here: they are 0600 files in the data dir, like the ssh key.
-- hosts / conditions: JSON lists limiting the channel; empty means all. last_sent_at is the
-- channel's rate limit (one message a minute; what waits is sent together as one message).
CREATE TABLE notification_channel (
    id              ${id_pk},
    name            VARCHAR(64)   NOT NULL,
    kind            VARCHAR(16)   NOT NULL,
    enabled         BOOLEAN       NOT NULL,
    smtp_host       VARCHAR(255),
    smtp_port       INTEGER,
    smtp_security   VARCHAR(16),
    smtp_user       VARCHAR(255),
    smtp_from       VARCHAR(320),
    recipients      TEXT          NOT NULL,
    url             VARCHAR(2048),
    preset          VARCHAR(16),
    secret_header   VARCHAR(128),
    timeout_seconds INTEGER       NOT NULL,
    hosts           TEXT          NOT NULL,
    conditions      TEXT          NOT NULL,
    last_sent_at    BIGINT,
    created_at      BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL,
    CONSTRAINT uq_notification_channel_name UNIQUE (name)
);

-- The conditions that are bad right now (a host late or failing, the backup root low, a service
-- not seen, ...), one row each. A change of this table and the events it causes are written in
-- one transaction, by conditional statements, so two notifiers never report one change twice.
-- notified_at: the last message about it (the change, or a reminder).
CREATE TABLE alert_state (
    id          ${id_pk},
    kind        VARCHAR(32)   NOT NULL,
    subject     VARCHAR(255)  NOT NULL,
    host_name   VARCHAR(63),
    state       VARCHAR(32)   NOT NULL,
    message     TEXT,
    since       BIGINT        NOT NULL,
    notified_at BIGINT        NOT NULL,
    CONSTRAINT uq_alert_state UNIQUE (kind, subject)
);

-- The newest run each pinged host was seen in (its id and status), so a run's /start and its
-- end are pinged once each.
CREATE TABLE ping_progress (
    host_id    BIGINT        NOT NULL PRIMARY KEY,
    run_id     BIGINT        NOT NULL,
    run_status VARCHAR(16)   NOT NULL,
    CONSTRAINT fk_ping_progress_host FOREIGN KEY (host_id) REFERENCES host (id)
);

-- The outbox: what happened (a change, a recovery, a reminder, a digest, a ping, a test) ...
CREATE TABLE notification_event (
    id             ${id_pk},
    kind           VARCHAR(16)   NOT NULL,
    alert_kind     VARCHAR(32),
    subject        VARCHAR(255),
    host_name      VARCHAR(63),
    state          VARCHAR(32),
    previous_state VARCHAR(32),
    message        TEXT          NOT NULL,
    created_at     BIGINT        NOT NULL
);
CREATE INDEX ix_notification_event_time ON notification_event (created_at);

-- ... and one delivery per channel (or ping URL) it goes to. target ('channel:<id>',
-- 'ping:<host id>') is what is sent in order and, for channels, together. A worker claims
-- deliveries pending -> sending (attempts + 1) by a conditional UPDATE, like a run; one whose
-- worker is gone goes back to pending with maybe_sent set (it may have gone out before the
-- worker died, or a send timed out after the receiver had it), and its next send says it is a
-- retry.
CREATE TABLE notification_delivery (
    id              ${id_pk},
    event_id        BIGINT        NOT NULL,
    channel_id      BIGINT,
    target          VARCHAR(64)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INTEGER       NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    claimed_at      BIGINT,
    worker_id       VARCHAR(255),
    worker_host     VARCHAR(255),
    worker_pid      BIGINT,
    worker_instance VARCHAR(64),
    sent_at         BIGINT,
    last_error      TEXT,
    maybe_sent      BOOLEAN       NOT NULL,
    created_at      BIGINT        NOT NULL,
    CONSTRAINT fk_notification_delivery_event FOREIGN KEY (event_id) REFERENCES notification_event (id)
);
CREATE INDEX ix_notification_delivery_due ON notification_delivery (status, next_attempt_at);
CREATE INDEX ix_notification_delivery_target ON notification_delivery (target, status, id);

-- "The last K runs failed" for every host at once: the newest good run of a host (MAX(id) per
-- status) and its failed runs after it are one index seek or a short range each.
CREATE INDEX ix_run_host_dry_status ON backup_run (host_id, dry_run, status, id);

-- A host's newest complete snapshot (a partial one may not count as good) is one seek. Without
-- it SQLite walks (status, name) across every host's snapshots: 120 ms of CPU for the overview of
-- 1,000 hosts with 500,000 snapshot records instead of 12 ms (bench/web-latency.sh).
CREATE INDEX ix_snapshot_host_status_name ON snapshot_record (host_id, status, name);
