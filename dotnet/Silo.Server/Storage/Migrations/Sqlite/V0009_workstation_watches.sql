-- The items a workstation has open, as it last reported them. Together with its
-- subscriptions they decide which edit-session events reach its stream: a workstation hears about
-- sessions on the items it works with, not on every item of the server.
CREATE TABLE workstation_watches (
    workstation_id  TEXT NOT NULL REFERENCES workstations(id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (workstation_id, item_id)
) WITHOUT ROWID;

-- Read by item when a session event is told.
CREATE INDEX workstation_watches_item ON workstation_watches(item_id, workstation_id);
