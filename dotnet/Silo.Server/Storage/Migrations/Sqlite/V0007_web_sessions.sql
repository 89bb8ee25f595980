-- Browser sessions of the web pages. The cookie carries a random id; only its SHA-256 is stored,
-- so the table alone cannot sign anyone in. token_hash is the user's token hash at sign-in: a
-- rotated token no longer matches it, which ends every browser session of that user.
CREATE TABLE web_sessions (
    id_hash     TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at);
CREATE INDEX web_sessions_user ON web_sessions(user_id);
