-- Subscriptions and sync.

-- Item subscriptions match part numbers without case (as items.part_number does); this lets the
-- fan-out on every new revision or checkpoint find them by index instead of scanning all subscriptions.
-- (The sync diff's other lookups ride on existing indexes: revisions(item_id, revision),
-- checkpoints(item_id, created_at), items(category)/(project), sync_state's primary key.)
CREATE INDEX subscriptions_target_nocase ON subscriptions(type, target COLLATE NOCASE);
