-- Lineage: every accepted revision and checkpoint is a version of its item, numbered 1, 2, 3…
-- in the order the server accepted them. Each names the version its file was derived from (its
-- base) and, when an explicit overwrite put it there, the head it replaced. The newest version is
-- the item's head; a push must start from the head's bytes or say overwrite.

CREATE TABLE versions (
    item_id           TEXT NOT NULL REFERENCES items(id),
    version           INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('revision', 'checkpoint')),
    -- revisions.id or checkpoints.id; a checkpoint row may later be deleted, its version stays.
    ref_id            TEXT NOT NULL,
    file_hash         TEXT NOT NULL,
    file_size         INTEGER NOT NULL,
    user_id           TEXT NOT NULL REFERENCES users(id),
    created_at        INTEGER NOT NULL,
    context           TEXT,
    revision          INTEGER,
    -- NULL: the first version, one made before lineage was recorded, or an overwrite whose base the
    -- server does not know. base_hash keeps what the client named even then.
    base_version      INTEGER,
    base_hash         TEXT,
    replaced_version  INTEGER,
    PRIMARY KEY (item_id, version)
);
CREATE INDEX versions_ref ON versions(ref_id);
CREATE INDEX versions_hash ON versions(item_id, file_hash);

-- NULL until the first push.
ALTER TABLE items ADD COLUMN head_version INTEGER;

-- Existing revisions and checkpoints become versions in the order they were made; their bases
-- were never recorded and stay unknown.
INSERT INTO versions(item_id, version, kind, ref_id, file_hash, file_size, user_id, created_at, context, revision)
SELECT item_id, ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY created_at, kind_order, seq),
       kind, id, file_hash, file_size, user_id, created_at, context, revision
FROM (
    SELECT item_id, 'revision' AS kind, id, file_hash, file_size, created_by AS user_id, created_at,
           NULL AS context, revision, 0 AS kind_order, revision AS seq
    FROM revisions
    UNION ALL
    SELECT item_id, 'checkpoint', id, file_hash, file_size, user_id, created_at, context, NULL, 1, rowid
    FROM checkpoints
);
UPDATE items SET head_version = (SELECT MAX(v.version) FROM versions v WHERE v.item_id = items.id);

-- A checkpoint that is its item's head is kept for as long as it is (9999-12-31 means never).
UPDATE checkpoints SET expires_at = 253402300799999
WHERE id IN (SELECT v.ref_id FROM versions v JOIN items i ON i.id = v.item_id AND i.head_version = v.version WHERE v.kind = 'checkpoint');
