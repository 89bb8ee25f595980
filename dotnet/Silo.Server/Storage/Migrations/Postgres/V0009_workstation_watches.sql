-- The items a workstation has open (see Sqlite/V0009_workstation_watches.sql).
CREATE TABLE workstation_watches (
    workstation_id  TEXT NOT NULL REFERENCES workstations(id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (workstation_id, item_id)
);

CREATE INDEX workstation_watches_item ON workstation_watches(item_id, workstation_id);
