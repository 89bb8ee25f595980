-- An event told to many workstations (a checkpoint or revision to its followers) is stored once,
-- with audience_listed = 1, and its workstations are listed here: one narrow row each instead of
-- the whole event again, so a burst to a thousand followers writes, reads and renders one event.
-- Rows written before this script keep their audience_workstation_id and stay readable as they were.
ALTER TABLE events ADD COLUMN audience_listed INTEGER NOT NULL DEFAULT 0;

CREATE TABLE event_recipients (
    event_id        INTEGER NOT NULL,
    workstation_id  TEXT NOT NULL,
    PRIMARY KEY (event_id, workstation_id)
) WITHOUT ROWID;
