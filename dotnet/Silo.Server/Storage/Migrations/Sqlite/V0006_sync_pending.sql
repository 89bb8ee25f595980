-- What the sync diff looks at: per workstation, the items whose state may differ from what the
-- workstation holds. An item enters when something that decides its target changes (a revision,
-- a release, a checkpoint written or deleted, the item created or moved to another category or
-- project: the triggers below, for every workstation whose subscriptions cover it, paused ones
-- included) and when the workstation's own subscriptions or held state change (the server adds
-- those). A checkpoint's expiry changes nothing until it passes; the diff looks at items with
-- expired checkpoints itself until the sweep deletes them (which enters them here). The diff drops the items it finds in step; stamp grows on every
-- re-entry, so a drop removes an entry only if nothing re-entered it since it was looked at.
CREATE TABLE sync_pending (
    workstation_id  TEXT NOT NULL REFERENCES workstations(id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL,
    part_number     TEXT NOT NULL COLLATE NOCASE,
    stamp           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (workstation_id, item_id)
) WITHOUT ROWID;
-- The diff pages through a workstation's entries in part-number order.
CREATE INDEX sync_pending_order ON sync_pending(workstation_id, part_number);

CREATE TRIGGER sync_pending_revision_insert AFTER INSERT ON revisions BEGIN
    INSERT INTO sync_pending(workstation_id, item_id, part_number)
    SELECT sub.workstation_id, i.id, i.part_number FROM items i JOIN subscriptions sub
      ON (sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE)
      OR (sub.type = 'project' AND sub.target = i.project)
      OR (sub.type = 'category' AND sub.target = i.category)
    WHERE i.id = NEW.item_id
    ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER sync_pending_revision_release AFTER UPDATE OF status ON revisions BEGIN
    INSERT INTO sync_pending(workstation_id, item_id, part_number)
    SELECT sub.workstation_id, i.id, i.part_number FROM items i JOIN subscriptions sub
      ON (sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE)
      OR (sub.type = 'project' AND sub.target = i.project)
      OR (sub.type = 'category' AND sub.target = i.category)
    WHERE i.id = NEW.item_id
    ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER sync_pending_checkpoint_insert AFTER INSERT ON checkpoints BEGIN
    INSERT INTO sync_pending(workstation_id, item_id, part_number)
    SELECT sub.workstation_id, i.id, i.part_number FROM items i JOIN subscriptions sub
      ON (sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE)
      OR (sub.type = 'project' AND sub.target = i.project)
      OR (sub.type = 'category' AND sub.target = i.category)
    WHERE i.id = NEW.item_id
    ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER sync_pending_checkpoint_delete AFTER DELETE ON checkpoints BEGIN
    INSERT INTO sync_pending(workstation_id, item_id, part_number)
    SELECT sub.workstation_id, i.id, i.part_number FROM items i JOIN subscriptions sub
      ON (sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE)
      OR (sub.type = 'project' AND sub.target = i.project)
      OR (sub.type = 'category' AND sub.target = i.category)
    WHERE i.id = OLD.item_id
    ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER sync_pending_item_insert AFTER INSERT ON items BEGIN
    INSERT INTO sync_pending(workstation_id, item_id, part_number)
    SELECT sub.workstation_id, NEW.id, NEW.part_number FROM subscriptions sub
    WHERE (sub.type = 'item' AND sub.target = NEW.part_number COLLATE NOCASE)
       OR (sub.type = 'project' AND sub.target = NEW.project)
       OR (sub.type = 'category' AND sub.target = NEW.category)
    ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = stamp + 1;
END;

-- Both sides of a move: the workstations that covered the item and those that cover it now.
CREATE TRIGGER sync_pending_item_update AFTER UPDATE OF category, project, description ON items BEGIN
    INSERT INTO sync_pending(workstation_id, item_id, part_number)
    SELECT sub.workstation_id, NEW.id, NEW.part_number FROM subscriptions sub
    WHERE (sub.type = 'item' AND sub.target = NEW.part_number COLLATE NOCASE)
       OR (sub.type = 'project' AND sub.target IN (NEW.project, OLD.project))
       OR (sub.type = 'category' AND sub.target IN (NEW.category, OLD.category))
    ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = stamp + 1;
END;

-- Workstations that already exist start with everything their subscriptions cover or they hold:
-- the first diff looks at all of it once and keeps what differs.
INSERT OR IGNORE INTO sync_pending(workstation_id, item_id, part_number)
SELECT sub.workstation_id, i.id, i.part_number FROM subscriptions sub JOIN items i
  ON (sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE)
  OR (sub.type = 'project' AND sub.target = i.project)
  OR (sub.type = 'category' AND sub.target = i.category);
INSERT OR IGNORE INTO sync_pending(workstation_id, item_id, part_number)
SELECT ss.workstation_id, i.id, i.part_number FROM sync_state ss JOIN items i ON i.id = ss.item_id;
