-- Users, items, revisions, check-out locks, audit log and the event log.
-- Times are Unix milliseconds (UTC) so comparisons are plain integer comparisons.

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    username    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role        TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE items (
    id           TEXT PRIMARY KEY,
    part_number  TEXT NOT NULL UNIQUE COLLATE NOCASE,
    category     TEXT NOT NULL,
    project      TEXT NOT NULL,
    description  TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX items_category ON items(category);
CREATE INDEX items_project ON items(project);

CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE revisions (
    id           TEXT PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES items(id),
    revision     INTEGER NOT NULL,
    file_hash    TEXT NOT NULL REFERENCES blobs(sha256),
    file_size    INTEGER NOT NULL,
    comment      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'released')),
    created_by   TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    released_by  TEXT REFERENCES users(id),
    released_at  INTEGER,
    UNIQUE (item_id, revision)
);

CREATE TABLE locks (
    id          TEXT PRIMARY KEY,
    item_id     TEXT NOT NULL UNIQUE REFERENCES items(id),
    locked_by   TEXT NOT NULL REFERENCES users(id),
    locked_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    comment     TEXT
);
CREATE INDEX locks_expires_at ON locks(expires_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor_id    TEXT NOT NULL REFERENCES users(id),
    action      TEXT NOT NULL,
    item_id     TEXT REFERENCES items(id),
    subject_id  TEXT,
    reason      TEXT,
    details     TEXT
);

-- Audience columns narrow who may see an event; NULL means every signed-in user.
CREATE TABLE events (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    type                     TEXT NOT NULL,
    item_id                  TEXT,
    part_number              TEXT,
    audience_user_id         TEXT,
    audience_workstation_id  TEXT,
    data                     TEXT NOT NULL,
    created_at               INTEGER NOT NULL
);
CREATE INDEX events_created_at ON events(created_at);

-- Small server-wide values, e.g. the id of the newest pruned event.
CREATE TABLE server_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
