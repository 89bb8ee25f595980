-- Browser sessions of the web pages (see Sqlite/V0007_web_sessions.sql): the cookie's id is kept
-- only as its SHA-256, and a rotated user token ends every browser session of that user.
CREATE TABLE web_sessions (
    id_hash     TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at);
CREATE INDEX web_sessions_user ON web_sessions(user_id);
