-- Relay schema, version 1 (PostgreSQL). Times are epoch seconds.
CREATE TABLE links (
    id                 TEXT PRIMARY KEY,
    management_salt    TEXT NOT NULL,
    management_hash    TEXT NOT NULL,
    passcode_salt      TEXT,
    passcode_hash      TEXT,
    max_attempts       BIGINT NOT NULL,
    failures_remaining BIGINT NOT NULL,
    expires_at         BIGINT,
    direct             BOOLEAN NOT NULL,
    created_at         BIGINT NOT NULL,
    revoked_at         BIGINT,
    log_seq            BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE link_files (
    link_id      TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    idx          BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    jwe          TEXT NOT NULL,
    PRIMARY KEY (link_id, idx)
);

CREATE TABLE file_locations (
    key        TEXT PRIMARY KEY,
    link_id    TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    file_index BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX file_locations_by_link ON file_locations(link_id);
CREATE INDEX file_locations_by_expiry ON file_locations(expires_at);

CREATE TABLE access_log (
    link_id   TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    seq       BIGINT NOT NULL,
    at        BIGINT NOT NULL,
    recipient TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    address   TEXT NOT NULL,
    PRIMARY KEY (link_id, seq)
);

-- Unlogged: counters need no crash safety (after a crash they start again from zero), and
-- skipping the write-ahead log keeps the busiest writes off the disk.
CREATE UNLOGGED TABLE rate_counters (
    key          TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_counters_by_window ON rate_counters(window_start);

CREATE TABLE mailboxes (
    id          TEXT PRIMARY KEY,
    token_salt  TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    message_seq BIGINT NOT NULL DEFAULT 0,
    receipt_seq BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE messages (
    mailbox_id   TEXT NOT NULL REFERENCES mailboxes(id),
    seq          BIGINT NOT NULL,
    message_id   TEXT NOT NULL UNIQUE,
    sender_id    TEXT NOT NULL REFERENCES mailboxes(id),
    body         TEXT NOT NULL,
    received_at  BIGINT NOT NULL,
    delivered_at BIGINT,
    read_at      BIGINT,
    PRIMARY KEY (mailbox_id, seq)
);

CREATE TABLE receipts (
    sender_id  TEXT NOT NULL REFERENCES mailboxes(id),
    seq        BIGINT NOT NULL,
    message_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         BIGINT NOT NULL,
    PRIMARY KEY (sender_id, seq)
);
