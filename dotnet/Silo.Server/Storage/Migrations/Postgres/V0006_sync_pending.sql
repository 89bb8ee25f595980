-- What the sync diff looks at (see Sqlite/V0006_sync_pending.sql for the whole story): per
-- workstation, the items whose state may differ from what it holds, entered by the triggers below.
CREATE TABLE sync_pending (
    workstation_id  TEXT NOT NULL REFERENCES workstations(id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL,
    part_number     TEXT NOT NULL COLLATE nocase,
    stamp           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (workstation_id, item_id)
);
CREATE INDEX sync_pending_order ON sync_pending(workstation_id, part_number);

-- A revision or checkpoint of an item changed: every workstation covering the item. DISTINCT: a
-- workstation may cover it through several subscriptions, and PostgreSQL's upsert refuses to touch
-- one row twice in a statement (SQLite just bumps the stamp twice; only its growth matters).
CREATE FUNCTION sync_pending_enter_item() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD.item_id; ELSE changed := NEW.item_id; END IF;
    INSERT INTO sync_pending(workstation_id, item_id, part_number)
    SELECT DISTINCT sub.workstation_id, i.id, i.part_number FROM items i JOIN subscriptions sub
      ON (sub.type = 'item' AND sub.target = i.part_number COLLATE nocase)
      OR (sub.type = 'project' AND sub.target = i.project)
      OR (sub.type = 'category' AND sub.target = i.category)
    WHERE i.id = changed
    ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = sync_pending.stamp + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER sync_pending_revision_insert AFTER INSERT ON revisions
    FOR EACH ROW EXECUTE FUNCTION sync_pending_enter_item();
CREATE TRIGGER sync_pending_revision_release AFTER UPDATE OF status ON revisions
    FOR EACH ROW EXECUTE FUNCTION sync_pending_enter_item();
CREATE TRIGGER sync_pending_checkpoint_insert AFTER INSERT ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION sync_pending_enter_item();
CREATE TRIGGER sync_pending_checkpoint_delete AFTER DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION sync_pending_enter_item();

-- An item created, or moved: the workstations that covered it and those that cover it now.
CREATE FUNCTION sync_pending_enter_moved_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sync_pending(workstation_id, item_id, part_number)
    SELECT DISTINCT sub.workstation_id, NEW.id, NEW.part_number FROM subscriptions sub
    WHERE (sub.type = 'item' AND sub.target = NEW.part_number COLLATE nocase)
       OR (sub.type = 'project' AND (sub.target = NEW.project OR (TG_OP = 'UPDATE' AND sub.target = OLD.project)))
       OR (sub.type = 'category' AND (sub.target = NEW.category OR (TG_OP = 'UPDATE' AND sub.target = OLD.category)))
    ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = sync_pending.stamp + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER sync_pending_item_insert AFTER INSERT ON items
    FOR EACH ROW EXECUTE FUNCTION sync_pending_enter_moved_item();
CREATE TRIGGER sync_pending_item_update AFTER UPDATE OF category, project, description ON items
    FOR EACH ROW EXECUTE FUNCTION sync_pending_enter_moved_item();

INSERT INTO sync_pending(workstation_id, item_id, part_number)
SELECT sub.workstation_id, i.id, i.part_number FROM subscriptions sub JOIN items i
  ON (sub.type = 'item' AND sub.target = i.part_number COLLATE nocase)
  OR (sub.type = 'project' AND sub.target = i.project)
  OR (sub.type = 'category' AND sub.target = i.category)
ON CONFLICT DO NOTHING;
INSERT INTO sync_pending(workstation_id, item_id, part_number)
SELECT ss.workstation_id, i.id, i.part_number FROM sync_state ss JOIN items i ON i.id = ss.item_id
ON CONFLICT DO NOTHING;
