-- An event told to many workstations is stored once and its workstations are listed here (see
-- Sqlite/V0008_event_recipients.sql for the whole story).
ALTER TABLE events ADD COLUMN audience_listed BIGINT NOT NULL DEFAULT 0;

CREATE TABLE event_recipients (
    event_id        BIGINT NOT NULL,
    workstation_id  TEXT NOT NULL,
    PRIMARY KEY (event_id, workstation_id)
);
