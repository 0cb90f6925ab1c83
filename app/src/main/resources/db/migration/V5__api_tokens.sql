-- Per-user API tokens for scripts (Authorization: Bearer, SPEC section 9).
-- Only the SHA-256 of each token is stored, never the token: a token is 256 random bits, so
-- a fast hash is as safe as a slow password hash here (there is nothing to guess from), and it
-- lets a request find its token with one indexed lookup instead of a bcrypt run per request.
-- token_prefix (the first characters) only helps people tell their tokens apart.
-- Portable as V1: ${id_pk} for the key, epoch milliseconds in BIGINT columns.

CREATE TABLE api_token (
    id           ${id_pk},
    user_id      BIGINT        NOT NULL,
    name         VARCHAR(100)  NOT NULL,
    token_hash   CHAR(64)      NOT NULL,
    token_prefix VARCHAR(16)   NOT NULL,
    created_at   BIGINT        NOT NULL,
    last_used_at BIGINT,
    CONSTRAINT uq_api_token_hash UNIQUE (token_hash),
    CONSTRAINT fk_api_token_user FOREIGN KEY (user_id) REFERENCES app_user (id)
);
CREATE INDEX ix_api_token_user ON api_token (user_id);
