-- Lineage (see Sqlite/V0005_lineage.sql): every accepted revision and checkpoint is a version of
-- its item, numbered 1, 2, 3… in the order the server accepted them.

CREATE TABLE versions (
    item_id           TEXT NOT NULL REFERENCES items(id),
    version           BIGINT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('revision', 'checkpoint')),
    ref_id            TEXT NOT NULL,
    file_hash         TEXT NOT NULL,
    file_size         BIGINT NOT NULL,
    user_id           TEXT NOT NULL REFERENCES users(id),
    created_at        BIGINT NOT NULL,
    context           TEXT,
    revision          BIGINT,
    base_version      BIGINT,
    base_hash         TEXT,
    replaced_version  BIGINT,
    PRIMARY KEY (item_id, version)
);
CREATE INDEX versions_ref ON versions(ref_id);
CREATE INDEX versions_hash ON versions(item_id, file_hash);

ALTER TABLE items ADD COLUMN head_version BIGINT;

-- Same back-fill as on SQLite, for a database created before this version.
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
) existing;
UPDATE items SET head_version = (SELECT MAX(v.version) FROM versions v WHERE v.item_id = items.id);

UPDATE checkpoints SET expires_at = 253402300799999
WHERE id IN (SELECT v.ref_id FROM versions v JOIN items i ON i.id = v.item_id AND i.head_version = v.version WHERE v.kind = 'checkpoint');
