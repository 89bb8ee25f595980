-- Checkpoint expiry and blob garbage collection.

-- When a blob was last stored or announced as already stored: the collection grace runs from
-- here, so a blob a client has just been told it need not upload survives until its checkpoint
-- or revision arrives. NULL: never touched since created_at.
ALTER TABLE blobs ADD COLUMN touched_at INTEGER;

-- The collector asks "is this blob referenced?" once per blob.
CREATE INDEX revisions_file_hash ON revisions(file_hash);
CREATE INDEX checkpoints_file_hash ON checkpoints(file_hash);

-- Idempotency keys are pruned by age.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys(created_at);
