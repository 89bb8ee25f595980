-- Subscriptions and sync (see Sqlite/V0004_sync.sql): item subscriptions are found by part number
-- without case.
CREATE INDEX subscriptions_target_nocase ON subscriptions(type, target COLLATE nocase);
