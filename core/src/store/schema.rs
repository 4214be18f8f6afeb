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

/// Version 5: readings keyed by numbers, not text (kind codes, and devices and apps as
/// data origins), with spans, context, client record ids from other apps, versions and
/// a change log for the changes feed; device sync sessions with what was found of the
/// device's clock; readings whose time cannot be trusted (more than ten minutes ahead of
/// when they arrived) flagged, and left out of the day summaries; entries keyed by where
/// an import took them from.
const V5_READINGS_ORIGINS_CHANGES: &str = "
CREATE TABLE origins (
    id             INTEGER PRIMARY KEY,
    kind           INTEGER NOT NULL,
    name           TEXT NOT NULL,
    manufacturer   TEXT,
    model          TEXT,
    epoch          INTEGER NOT NULL DEFAULT 0,
    last_sequence  INTEGER,
    last_sync_ms   INTEGER,
    UNIQUE (kind, name)
);
INSERT INTO origins (kind, name, manufacturer, model, epoch, last_sequence, last_sync_ms)
    SELECT 1, id, manufacturer, model, epoch, last_sequence, last_sync_ms FROM devices;
INSERT OR IGNORE INTO origins (kind, name)
    SELECT DISTINCT 1, device_id FROM readings WHERE device_id IS NOT NULL;
INSERT OR IGNORE INTO origins (kind, name)
    SELECT DISTINCT 2, substr(source, 5) FROM readings WHERE source LIKE 'app:%';
DROP TABLE devices;
CREATE TABLE device_syncs (
    id               INTEGER PRIMARY KEY,
    origin           INTEGER NOT NULL REFERENCES origins(id),
    synced_at_ms     INTEGER NOT NULL,
    clock_offset_ms  INTEGER,
    clock_source     INTEGER,
    corrected_at_ms  INTEGER,
    correction_ms    INTEGER
);
CREATE TABLE readings_v5 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            INTEGER NOT NULL,
    taken_at_ms     INTEGER NOT NULL,
    utc_offset_min  INTEGER NOT NULL,
    ended_at_ms     INTEGER,
    local_day       INTEGER NOT NULL,
    v1              REAL,
    v2              REAL,
    v3              REAL,
    v4              REAL,
    text_value      TEXT,
    source          INTEGER NOT NULL,
    origin          INTEGER REFERENCES origins(id),
    device_epoch    INTEGER NOT NULL DEFAULT 0,
    sequence        INTEGER,
    client_id       TEXT,
    client_version  INTEGER,
    sync            INTEGER REFERENCES device_syncs(id),
    received_at_ms  INTEGER,
    stored_at_ms    INTEGER NOT NULL,
    flags           INTEGER NOT NULL DEFAULT 0,
    context         INTEGER NOT NULL DEFAULT 0,
    visibility      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    note            TEXT
);
INSERT INTO readings_v5 (id, kind, taken_at_ms, utc_offset_min, local_day, v1, v2, v3, v4,
        text_value, source, origin, device_epoch, sequence, received_at_ms, stored_at_ms,
        flags, visibility, note)
    SELECT r.id,
        CASE r.kind WHEN 'blood_glucose' THEN 1 WHEN 'blood_pressure' THEN 2
            WHEN 'heart_rate' THEN 3 WHEN 'weight' THEN 4 WHEN 'steps' THEN 5
            WHEN 'sleep' THEN 6 WHEN 'mood' THEN 7 WHEN 'alcohol' THEN 8 WHEN 'stress' THEN 9
            WHEN 'menstrual_cycle' THEN 10 WHEN 'side_effect' THEN 11 ELSE 0 END,
        r.taken_at_ms, r.utc_offset_min, r.local_day, r.v1, r.v2, r.v3, r.v4, r.text_value,
        CASE WHEN r.source = 'device' THEN 1 WHEN r.source LIKE 'app:%' THEN 2 ELSE 0 END,
        CASE WHEN r.device_id IS NOT NULL
                THEN (SELECT o.id FROM origins o WHERE o.kind = 1 AND o.name = r.device_id)
            WHEN r.source LIKE 'app:%'
                THEN (SELECT o.id FROM origins o WHERE o.kind = 2 AND o.name = substr(r.source, 5))
        END,
        r.device_epoch, r.sequence, r.received_at_ms, r.stored_at_ms,
        r.flags | CASE WHEN r.taken_at_ms > COALESCE(r.received_at_ms, r.stored_at_ms) + 600000
                       THEN 2048 ELSE 0 END,
        r.visibility, r.note
    FROM readings r;
DROP TABLE readings;
ALTER TABLE readings_v5 RENAME TO readings;
CREATE INDEX readings_by_kind_time ON readings(kind, taken_at_ms);
CREATE UNIQUE INDEX readings_by_device_sequence
    ON readings(origin, device_epoch, sequence) WHERE sequence IS NOT NULL;
CREATE UNIQUE INDEX readings_by_client_id
    ON readings(origin, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX readings_by_sync ON readings(sync) WHERE sync IS NOT NULL;
CREATE TABLE reading_days_v5 (
    kind        INTEGER NOT NULL,
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
INSERT INTO reading_days_v5
    SELECT kind, local_day, visibility, COUNT(*), COUNT(v1), COALESCE(SUM(v1), 0), MIN(v1),
           MAX(v1), COUNT(v2), COALESCE(SUM(v2), 0)
    FROM readings WHERE (flags & 6164) = 0
    GROUP BY kind, local_day, visibility;
DROP TABLE reading_days;
ALTER TABLE reading_days_v5 RENAME TO reading_days;
CREATE TABLE reading_changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    op          INTEGER NOT NULL,
    first_id    INTEGER NOT NULL,
    last_id     INTEGER NOT NULL,
    visibility  INTEGER,
    at_ms       INTEGER NOT NULL
);
INSERT INTO reading_changes (op, first_id, last_id, at_ms)
    SELECT 1, MIN(id), MAX(id), MAX(stored_at_ms) FROM readings HAVING COUNT(*) > 0;
CREATE TABLE reading_versions (
    reading_id      INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    reading         TEXT NOT NULL,
    replaced_at_ms  INTEGER NOT NULL,
    author          TEXT NOT NULL,
    change          TEXT NOT NULL,
    PRIMARY KEY (reading_id, version)
) WITHOUT ROWID;
ALTER TABLE entries ADD COLUMN source_key TEXT;
CREATE INDEX entries_by_source ON entries(source_key) WHERE source_key IS NOT NULL;
";

/// Version 6: what each FHIR import took from each resource (`store::imports`): the
/// entry or reading it became and what the import wrote into it (so a re-import updates
/// instead of duplicating, never overwrites the person's own changes and never brings
/// back what the person deleted), or, for a resource the record does not map, its exact
/// JSON and the reason. A random id for the record, which its FHIR exports carry so that
/// importing one of them back is recognised.
const V6_FHIR_IMPORTS: &str = "
CREATE TABLE fhir_imports (
    source_key       TEXT PRIMARY KEY NOT NULL,
    resource_type    TEXT NOT NULL,
    version          TEXT,
    mapping_version  INTEGER NOT NULL,
    outcome          INTEGER NOT NULL,
    entry_id         TEXT,
    reading_id       INTEGER,
    fields           TEXT,
    reason           TEXT,
    section          TEXT,
    visibility       TEXT,
    raw              TEXT,
    imported_at_ms   INTEGER NOT NULL,
    updated_at_ms    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX fhir_imports_by_outcome ON fhir_imports(outcome);
INSERT OR IGNORE INTO record_meta (key, value) VALUES ('record_uuid', lower(hex(randomblob(16))));
";

/// Sharing: each grant (to whom, what, until when, the link at the relay and the secrets
/// that manage it; the record is encrypted, so they are too) and the access log pulled
/// back from the relay ("who looked"); messaging: the contacts messages go to (their
/// relay, mailbox and public key) and which relay message each stored message is.
const V7_GRANTS: &str = "
CREATE TABLE grants (
    id               TEXT PRIMARY KEY NOT NULL,
    recipient        TEXT NOT NULL,
    recipient_kind   TEXT NOT NULL,
    scope            TEXT NOT NULL,
    created_at_ms    INTEGER NOT NULL,
    expires_at_ms    INTEGER,
    revoked_at_ms    INTEGER,
    relay_url        TEXT NOT NULL,
    link_id          TEXT NOT NULL,
    manifest_url     TEXT NOT NULL,
    management_token TEXT NOT NULL,
    link_key         TEXT NOT NULL,
    passcode         TEXT,
    label            TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    refreshed_at_ms  INTEGER NOT NULL,
    log_seq          INTEGER NOT NULL DEFAULT 0,
    audience         TEXT NOT NULL DEFAULT 'shared',
    direct           INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE grant_views (
    grant_id   TEXT NOT NULL REFERENCES grants(id),
    seq        INTEGER NOT NULL,
    at_ms      INTEGER NOT NULL,
    recipient  TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    address    TEXT,
    PRIMARY KEY (grant_id, seq)
) WITHOUT ROWID;
CREATE TABLE message_contacts (
    name_key    TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    relay_url   TEXT NOT NULL,
    mailbox_id  TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    added_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE write_grants (
    id             TEXT PRIMARY KEY NOT NULL,
    contact_key    TEXT NOT NULL,
    contact_name   TEXT NOT NULL,
    template_id    TEXT NOT NULL,
    created_at_ms  INTEGER NOT NULL,
    expires_at_ms  INTEGER,
    revoked_at_ms  INTEGER
) WITHOUT ROWID;
CREATE TABLE message_transport (
    message_id       INTEGER PRIMARY KEY REFERENCES messages(id),
    relay_message_id TEXT NOT NULL UNIQUE,
    read_sent        INTEGER NOT NULL DEFAULT 0
);
";

/// Version 8: how many readings there are of each kind and visibility, and how many of
/// those have an untrusted time (`store::reading_counts`), so that a first screen never
/// counts rows. 6160 is the untrusted-time mask (`reading_columns::untrusted_time_mask`).
const V8_READING_COUNTS: &str = "
CREATE TABLE reading_counts (
    kind        INTEGER NOT NULL,
    visibility  INTEGER NOT NULL,
    untrusted   INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (kind, visibility, untrusted)
) WITHOUT ROWID;
INSERT INTO reading_counts (kind, visibility, untrusted, count)
    SELECT kind, visibility, (flags & 6160) <> 0, COUNT(*) FROM readings
    GROUP BY kind, visibility, (flags & 6160) <> 0;
";

/// Version 9: each distinct advice text of the notifications kept once (every alert of a
/// rule's band gives the same advice, 400 bytes that made a tenth of a CGM record), the
/// notifications pointing at it; those stored before move their text there.
const V9_NOTIFICATION_TEXTS: &str = "
CREATE TABLE notification_texts (
    id    INTEGER PRIMARY KEY,
    text  TEXT NOT NULL UNIQUE
);
ALTER TABLE notifications ADD COLUMN advice_id INTEGER REFERENCES notification_texts(id);
INSERT OR IGNORE INTO notification_texts (text) SELECT DISTINCT advice FROM notifications;
UPDATE notifications
    SET advice_id = (SELECT t.id FROM notification_texts t WHERE t.text = notifications.advice),
        advice = '';
";

/// Version 10: the notifications' keys in one index that new keys join at its end. Their
/// uniqueness per rule version was a table constraint whose index, like the lookup by rule
/// and key beside it, sorted keys as text, so `reading:1000` went between `reading:100`
/// and `reading:101`: every alert of a long record landed on another page of both
/// indexes (6.6 of the 39 pages a batch of 500 CGM readings wrote at 1M readings). One
/// unique index on the rule, the key's length and the key serves both: keys of one
/// length sort as their numbers do, so a new reading's key goes at the end. The table is
/// rebuilt because SQLite cannot drop a table constraint.
const V10_NOTIFICATION_KEYS: &str = "
CREATE TABLE notifications_v10 (
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
    advice_id         INTEGER REFERENCES notification_texts(id)
);
INSERT INTO notifications_v10 (id, rule_id, rule_version, fire_key, key_time_ms, category,
        severity, title, detail, advice, readings, entries, created_at_ms, due_at_ms, state,
        state_at_ms, snoozed_until_ms, advice_id)
    SELECT id, rule_id, rule_version, fire_key, key_time_ms, category, severity, title,
        detail, advice, readings, entries, created_at_ms, due_at_ms, state, state_at_ms,
        snoozed_until_ms, advice_id
    FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v10 RENAME TO notifications;
CREATE UNIQUE INDEX notifications_by_rule_key
    ON notifications(rule_id, length(fire_key), fire_key, rule_version);
CREATE INDEX notifications_by_rule_time ON notifications(rule_id, key_time_ms);
CREATE INDEX notifications_by_state ON notifications(state, due_at_ms);
";

/// Every migration, oldest first. Index + 1 is the schema version it produces.
pub const MIGRATION_SQL: &[&str] = &[
    V1_ENTRIES,
    V2_READINGS,
    V3_DEVICES_MODULES,
    V4_RULES_NOTIFICATIONS,
    V5_READINGS_ORIGINS_CHANGES,
    V6_FHIR_IMPORTS,
    V7_GRANTS,
    V8_READING_COUNTS,
    V9_NOTIFICATION_TEXTS,
    V10_NOTIFICATION_KEYS,
];

/// The newest schema version this build knows.
pub fn latest_version() -> u32 {
    MIGRATION_SQL.len() as u32
}

/// The migrations in rusqlite_migration's form.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}
