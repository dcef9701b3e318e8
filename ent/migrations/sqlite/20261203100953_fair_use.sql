-- Create "replicas" table
CREATE TABLE `replicas` (`id` text NOT NULL, `started_at` datetime NOT NULL, `heartbeat_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "replica_heartbeat_at" to table: "replicas"
CREATE INDEX `replica_heartbeat_at` ON `replicas` (`heartbeat_at`);
-- Create "vehicle_counts" table
CREATE TABLE `vehicle_counts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `status` text NOT NULL, `count` integer NOT NULL DEFAULT (0), `organization_id` integer NOT NULL, CONSTRAINT `vehicle_counts_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Create index "vehiclecount_organization_id_status" to table: "vehicle_counts"
CREATE UNIQUE INDEX `vehiclecount_organization_id_status` ON `vehicle_counts` (`organization_id`, `status`);
-- Count the vehicles that are already there (written by hand: the counts
-- are kept from now on in the transaction of each change)
INSERT INTO vehicle_counts (organization_id, status, count) SELECT organization_id, status, count(*) FROM vehicles GROUP BY organization_id, status;
