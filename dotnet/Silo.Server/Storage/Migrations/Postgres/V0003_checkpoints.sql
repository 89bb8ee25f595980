-- Checkpoint expiry and blob garbage collection (see Sqlite/V0003_checkpoints.sql).

ALTER TABLE blobs ADD COLUMN touched_at BIGINT;

CREATE INDEX revisions_file_hash ON revisions(file_hash);
CREATE INDEX checkpoints_file_hash ON checkpoints(file_hash);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys(created_at);
