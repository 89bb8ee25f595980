-- The items a workstation has open, as it last reported them.
CREATE TABLE workstation_watches (
    workstation_id  TEXT NOT NULL REFERENCES workstations(id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (workstation_id, item_id)
) WITHOUT ROWID;
CREATE INDEX workstation_watches_item ON workstation_watches(item_id, workstation_id);

-- Who hears about an item's edit sessions, one row per (item, workstation), repeats allowed:
-- workstations editing the item, those that reported it open, and those with a subscription
-- covering it (paused ones too: their users still see who edits what). The one statement of the
-- rule: the broadcaster reads it by item, a stream's replay and the presence snapshot by
-- workstation. An edit-session event (events.audience_listed = 2) reaches these workstations, the
-- session's own (audience_workstation_id), and every stream that names no workstation.
CREATE VIEW presence_audience(item_id, workstation_id) AS
    SELECT e.item_id, e.workstation_id FROM edit_sessions e WHERE e.ended_at IS NULL
    UNION ALL SELECT w.item_id, w.workstation_id FROM workstation_watches w
    UNION ALL SELECT i.id, sub.workstation_id FROM items i JOIN subscriptions sub ON sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE
    UNION ALL SELECT i.id, sub.workstation_id FROM items i JOIN subscriptions sub ON sub.type = 'project' AND sub.target = i.project
    UNION ALL SELECT i.id, sub.workstation_id FROM items i JOIN subscriptions sub ON sub.type = 'category' AND sub.target = i.category;
