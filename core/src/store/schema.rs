//! The schema, as versioned migrations in `PRAGMA user_version` (rusqlite_migration).
//! Never edit a released migration: add a new one, and a test from every earlier version.

use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of a record ("PHR1"): tells our files from other databases.
pub const APPLICATION_ID: i32 = 0x5048_5231;

/// Version 1: entries and their append-only history.
const V1_ENTRIES: &str = "
CREATE TABLE entries (
    id          TEXT PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL,
    section     TEXT NOT NULL,
    body        TEXT NOT NULL,
    visibility  TEXT NOT NULL,
    provenance  TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX entries_by_kind ON entries(kind, created_at);
CREATE TABLE entry_changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id  TEXT NOT NULL,
    op        TEXT NOT NULL,
    at        TEXT NOT NULL,
    author    TEXT NOT NULL,
    before    TEXT,
    after     TEXT
);
CREATE INDEX entry_changes_by_entry ON entry_changes(entry_id, seq);
CREATE TABLE record_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
";

/// Version 2: readings in their own table, and per-day summaries for trends.
const V2_READINGS: &str = "
CREATE TABLE readings (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    taken_at_ms     INTEGER NOT NULL,
    utc_offset_min  INTEGER NOT NULL,
    local_day       INTEGER NOT NULL,
    v1              REAL,
    v2              REAL,
    v3              REAL,
    v4              REAL,
    text_value      TEXT,
    source          TEXT NOT NULL,
    device_id       TEXT,
    device_epoch    INTEGER NOT NULL DEFAULT 0,
    sequence        INTEGER,
    received_at_ms  INTEGER,
    stored_at_ms    INTEGER NOT NULL,
    flags           INTEGER NOT NULL DEFAULT 0,
    visibility      INTEGER NOT NULL,
    note            TEXT
);
CREATE INDEX readings_by_kind_time ON readings(kind, taken_at_ms);
CREATE UNIQUE INDEX readings_by_device_sequence
    ON readings(device_id, device_epoch, sequence)
    WHERE device_id IS NOT NULL AND sequence IS NOT NULL;
CREATE TABLE reading_days (
    kind        TEXT NOT NULL,
    day         INTEGER NOT NULL,
    visibility  INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    count1      INTEGER NOT NULL,
    sum1        REAL NOT NULL,
    min1        REAL,
    max1        REAL,
    count2      INTEGER NOT NULL,
    sum2        REAL NOT NULL,
    PRIMARY KEY (kind, day, visibility)
) WITHOUT ROWID;
";

/// Version 3: devices (identity and sync position) and stored module templates.
const V3_DEVICES_MODULES: &str = "
CREATE TABLE devices (
    id             TEXT PRIMARY KEY NOT NULL,
    manufacturer   TEXT,
    model          TEXT,
    epoch          INTEGER NOT NULL DEFAULT 0,
    last_sequence  INTEGER,
    last_sync_ms   INTEGER
);
CREATE TABLE module_templates (
    id        TEXT NOT NULL,
    version   INTEGER NOT NULL,
    template  TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
";

/// Version 4: notification rules (versioned), notifications with their state, requests to
/// and messages from professionals, and questions for appointments.
const V4_RULES_NOTIFICATIONS: &str = "
CREATE TABLE rules (
    rule_id        TEXT NOT NULL,
    version        INTEGER NOT NULL,
    body           TEXT NOT NULL,
    changed_at_ms  INTEGER NOT NULL,
    author         TEXT,
    PRIMARY KEY (rule_id, version)
);
CREATE TABLE notifications (
    id                INTEGER PRIMARY KEY,
    rule_id           TEXT NOT NULL,
    rule_version      INTEGER NOT NULL,
    fire_key          TEXT NOT NULL,
    key_time_ms       INTEGER NOT NULL,
    category          TEXT NOT NULL,
    severity          TEXT NOT NULL,
    title             TEXT NOT NULL,
    detail            TEXT NOT NULL,
    advice            TEXT NOT NULL,
    readings          TEXT NOT NULL,
    entries           TEXT NOT NULL,
    created_at_ms     INTEGER NOT NULL,
    due_at_ms         INTEGER NOT NULL,
    state             TEXT NOT NULL,
    state_at_ms       INTEGER NOT NULL,
    snoozed_until_ms  INTEGER,
    UNIQUE (rule_id, rule_version, fire_key)
);
CREATE INDEX notifications_by_rule_time ON notifications(rule_id, key_time_ms);
CREATE INDEX notifications_by_rule_key ON notifications(rule_id, fire_key);
CREATE INDEX notifications_by_state ON notifications(state, due_at_ms);
CREATE TABLE messages (
    id               INTEGER PRIMARY KEY,
    direction        TEXT NOT NULL,
    topic            TEXT NOT NULL,
    topic_version    INTEGER NOT NULL,
    counterpart      TEXT NOT NULL,
    counterpart_key  TEXT NOT NULL,
    text             TEXT NOT NULL,
    note             TEXT,
    entries          TEXT NOT NULL,
    state            TEXT NOT NULL,
    created_at_ms    INTEGER NOT NULL,
    queued_at_ms     INTEGER,
    sent_at_ms       INTEGER,
    delivered_at_ms  INTEGER,
    read_at_ms       INTEGER,
    answered_at_ms   INTEGER,
    cancelled_at_ms  INTEGER,
    answer           TEXT
);
CREATE INDEX messages_by_counterpart ON messages(counterpart_key, queued_at_ms);
CREATE INDEX messages_by_state ON messages(state, queued_at_ms);
CREATE TABLE appointment_questions (
    id              INTEGER PRIMARY KEY,
    appointment_id  TEXT NOT NULL,
    text            TEXT NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    asked_at_ms     INTEGER
);
CREATE INDEX appointment_questions_by_appointment ON appointment_questions(appointment_id, id);
";

/// Every migration, oldest first. Index + 1 is the schema version it produces.
pub const MIGRATION_SQL: &[&str] = &[
    V1_ENTRIES,
    V2_READINGS,
    V3_DEVICES_MODULES,
    V4_RULES_NOTIFICATIONS,
];

/// The newest schema version this build knows.
pub fn latest_version() -> u32 {
    MIGRATION_SQL.len() as u32
}

/// The migrations in rusqlite_migration's form.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}
