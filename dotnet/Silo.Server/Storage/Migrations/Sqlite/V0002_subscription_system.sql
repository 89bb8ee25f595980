-- Workstations, edit sessions, checkpoints, DAGs, subscriptions and sync state.

CREATE TABLE workstations (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen    INTEGER,
    UNIQUE (user_id, fingerprint)
);

-- Grants per item: every edit-session grant takes the next value, so a newer holder of an
-- object always carries a larger fencing token than any earlier one.
ALTER TABLE items ADD COLUMN fencing_counter INTEGER NOT NULL DEFAULT 0;

-- Ended sessions are kept (ended_at set) so a late checkpoint can be judged against later grants;
-- they outlive their workstation, hence no foreign key to it.
CREATE TABLE edit_sessions (
    id              TEXT PRIMARY KEY,
    item_id         TEXT NOT NULL REFERENCES items(id),
    user_id         TEXT NOT NULL REFERENCES users(id),
    workstation_id  TEXT NOT NULL,
    context_level   TEXT NOT NULL CHECK (context_level IN ('sketch', 'partdesign', 'assembly')),
    object_id       TEXT NOT NULL,
    cone            TEXT NOT NULL,
    fencing_token   INTEGER NOT NULL,
    acquired_at     INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    ended_at        INTEGER,
    end_reason      TEXT
);
CREATE INDEX edit_sessions_live ON edit_sessions(item_id, ended_at, expires_at);
CREATE INDEX edit_sessions_workstation ON edit_sessions(workstation_id, ended_at);

CREATE TABLE checkpoints (
    id              TEXT PRIMARY KEY,
    item_id         TEXT NOT NULL REFERENCES items(id),
    user_id         TEXT NOT NULL REFERENCES users(id),
    session_id      TEXT,
    context         TEXT NOT NULL CHECK (context IN ('sketch_close', 'body_close', 'assembly_close', 'manual', 'autosave')),
    file_hash       TEXT NOT NULL REFERENCES blobs(sha256),
    file_size       INTEGER NOT NULL,
    dag_synced      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL
);
CREATE INDEX checkpoints_item ON checkpoints(item_id, created_at);
CREATE INDEX checkpoints_expires ON checkpoints(expires_at);

-- The latest dependency DAG of each item, as pushed with a checkpoint.
CREATE TABLE dags (
    item_id        TEXT PRIMARY KEY REFERENCES items(id),
    dag            TEXT NOT NULL,
    checkpoint_id  TEXT REFERENCES checkpoints(id),
    updated_at     INTEGER NOT NULL
);

-- First response to a POST carrying an Idempotency-Key, replayed to retries of it.
CREATE TABLE idempotency_keys (
    user_id     TEXT NOT NULL REFERENCES users(id),
    key         TEXT NOT NULL,
    request     TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE subscriptions (
    id               TEXT PRIMARY KEY,
    workstation_id   TEXT NOT NULL REFERENCES workstations(id) ON DELETE CASCADE,
    type             TEXT NOT NULL CHECK (type IN ('item', 'project', 'category')),
    target           TEXT NOT NULL,
    revision_policy  TEXT NOT NULL CHECK (revision_policy IN ('latest_released', 'latest', 'pinned')),
    pinned_revision  INTEGER,
    paused           INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    last_sync_at     INTEGER,
    UNIQUE (workstation_id, type, target)
);
CREATE INDEX subscriptions_target ON subscriptions(type, target);

-- What each workstation holds locally, as reported or acknowledged by it.
CREATE TABLE sync_state (
    workstation_id  TEXT NOT NULL REFERENCES workstations(id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL REFERENCES items(id),
    revision        INTEGER,
    checkpoint_id   TEXT,
    file_hash       TEXT NOT NULL,
    is_checkpoint   INTEGER NOT NULL,
    synced_at       INTEGER NOT NULL,
    PRIMARY KEY (workstation_id, item_id)
);
