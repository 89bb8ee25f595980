-- The items a workstation has open, and who hears about an item's edit sessions (see
-- Sqlite/V0009_workstation_watches.sql for the whole story).
CREATE TABLE workstation_watches (
    workstation_id  TEXT NOT NULL REFERENCES workstations(id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (workstation_id, item_id)
);
CREATE INDEX workstation_watches_item ON workstation_watches(item_id, workstation_id);

CREATE VIEW presence_audience(item_id, workstation_id) AS
    SELECT e.item_id, e.workstation_id FROM edit_sessions e WHERE e.ended_at IS NULL
    UNION ALL SELECT w.item_id, w.workstation_id FROM workstation_watches w
    UNION ALL SELECT i.id, sub.workstation_id FROM items i JOIN subscriptions sub ON sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE
    UNION ALL SELECT i.id, sub.workstation_id FROM items i JOIN subscriptions sub ON sub.type = 'project' AND sub.target = i.project
    UNION ALL SELECT i.id, sub.workstation_id FROM items i JOIN subscriptions sub ON sub.type = 'category' AND sub.target = i.category;
