-- pobsync schema, version 9: repeated audit events collapse into one row; API tokens can expire.
-- Failed and refused logins need no login to cause, so one row per attempt let anyone fill the
-- disk. Repeats of the same event (same action, actor, target, detail and address) within an hour
-- now count up repeat_count and move last_occurred_at on one row instead; occurred_at stays the
-- first occurrence. The worker deletes rows older than the audit retention (AuditRetention), and
-- the index keeps finding the row to count up a seek, not a scan of the hour.
-- expires_at: NULL = the token never expires (the default); epoch milliseconds as everywhere.

ALTER TABLE audit_event ADD COLUMN repeat_count INT NOT NULL DEFAULT 1;
ALTER TABLE audit_event ADD COLUMN last_occurred_at BIGINT;
CREATE INDEX ix_audit_repeat ON audit_event (action, remote_addr, occurred_at);

ALTER TABLE api_token ADD COLUMN expires_at BIGINT;
