-- Relay schema, version 1 (SQLite). Times are epoch seconds.
CREATE TABLE links (
    id                 TEXT PRIMARY KEY,
    management_salt    TEXT NOT NULL,
    management_hash    TEXT NOT NULL,
    passcode_salt      TEXT,
    passcode_hash      TEXT,
    max_attempts       INTEGER NOT NULL,
    failures_remaining INTEGER NOT NULL,
    expires_at         INTEGER,
    direct             INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    revoked_at         INTEGER,
    log_seq            INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE link_files (
    link_id      TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    jwe          TEXT NOT NULL,
    PRIMARY KEY (link_id, idx)
) STRICT;

CREATE TABLE file_locations (
    key        TEXT PRIMARY KEY,
    link_id    TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    file_index INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX file_locations_by_link ON file_locations(link_id);
CREATE INDEX file_locations_by_expiry ON file_locations(expires_at);

CREATE TABLE access_log (
    link_id   TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    address   TEXT NOT NULL,
    PRIMARY KEY (link_id, seq)
) STRICT;

CREATE TABLE rate_counters (
    key          TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
) STRICT;
CREATE INDEX rate_counters_by_window ON rate_counters(window_start);

CREATE TABLE mailboxes (
    id          TEXT PRIMARY KEY,
    token_salt  TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    message_seq INTEGER NOT NULL DEFAULT 0,
    receipt_seq INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE messages (
    mailbox_id   TEXT NOT NULL REFERENCES mailboxes(id),
    seq          INTEGER NOT NULL,
    message_id   TEXT NOT NULL UNIQUE,
    sender_id    TEXT NOT NULL REFERENCES mailboxes(id),
    body         TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    delivered_at INTEGER,
    read_at      INTEGER,
    PRIMARY KEY (mailbox_id, seq)
) STRICT;

CREATE TABLE receipts (
    sender_id  TEXT NOT NULL REFERENCES mailboxes(id),
    seq        INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (sender_id, seq)
) STRICT;
