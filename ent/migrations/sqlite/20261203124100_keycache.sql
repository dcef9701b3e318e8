-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_replicas" table
CREATE TABLE `new_replicas` (`id` text NOT NULL, `started_at` datetime NOT NULL, `heartbeat_at` datetime NOT NULL, `applied_seq` integer NOT NULL DEFAULT (0), `lease_until` datetime NULL, PRIMARY KEY (`id`));
-- Copy rows from old table "replicas" to new temporary table "new_replicas"
INSERT INTO `new_replicas` (`id`, `started_at`, `heartbeat_at`) SELECT `id`, `started_at`, `heartbeat_at` FROM `replicas`;
-- Drop "replicas" table after copying rows
DROP TABLE `replicas`;
-- Rename temporary table "new_replicas" to "replicas"
ALTER TABLE `new_replicas` RENAME TO `replicas`;
-- Create index "replica_heartbeat_at" to table: "replicas"
CREATE INDEX `replica_heartbeat_at` ON `replicas` (`heartbeat_at`);
-- Create "key_invalidations" table
CREATE TABLE `key_invalidations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `seq` integer NOT NULL DEFAULT (0));
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
