-- Create "api_keys" table
CREATE TABLE `api_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `prefix` text NOT NULL, `digest` text NOT NULL, `scopes` json NOT NULL, `expires_at` datetime NOT NULL, `last_used_at` datetime NULL, `created_at` datetime NOT NULL, `revoked_at` datetime NULL, `organization_id` integer NOT NULL, `created_by_id` integer NULL, CONSTRAINT `api_keys_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `api_keys_users_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Create index "api_keys_digest_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_digest_key` ON `api_keys` (`digest`);
-- Create index "apikey_organization_id_id" to table: "api_keys"
CREATE INDEX `apikey_organization_id_id` ON `api_keys` (`organization_id`, `id`);
-- Create "audit_entries" table
CREATE TABLE `audit_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `action` text NOT NULL, `actor_name` text NOT NULL, `created_at` datetime NOT NULL, `organization_id` integer NOT NULL, `actor_id` integer NULL, `api_key_id` integer NULL, CONSTRAINT `audit_entries_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `audit_entries_users_actor` FOREIGN KEY (`actor_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `audit_entries_api_keys_api_key` FOREIGN KEY (`api_key_id`) REFERENCES `api_keys` (`id`) ON DELETE SET NULL);
-- Create index "auditentry_organization_id_id" to table: "audit_entries"
CREATE INDEX `auditentry_organization_id_id` ON `audit_entries` (`organization_id`, `id`);
-- Create "organizations" table
CREATE TABLE `organizations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `slug` text NOT NULL, `name` text NOT NULL, `plan` text NOT NULL, `audit_entry_count` integer NOT NULL DEFAULT (0), `created_at` datetime NOT NULL);
-- Create index "organizations_slug_key" to table: "organizations"
CREATE UNIQUE INDEX `organizations_slug_key` ON `organizations` (`slug`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `digest` text NOT NULL, `created_at` datetime NOT NULL, `last_seen_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `sessions_users_sessions` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Create index "sessions_digest_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_digest_key` ON `sessions` (`digest`);
-- Create index "session_expires_at" to table: "sessions"
CREATE INDEX `session_expires_at` ON `sessions` (`expires_at`);
-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `email` text NOT NULL, `name` text NOT NULL, `role` text NULL, `staff` bool NOT NULL DEFAULT (false), `password_hash` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `organization_id` integer NULL, CONSTRAINT `users_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE SET NULL);
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- Create "vehicles" table
CREATE TABLE `vehicles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `vin` text NOT NULL, `make` text NOT NULL, `model` text NOT NULL, `year` integer NOT NULL, `status` text NOT NULL DEFAULT ('ORDERED'), `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `organization_id` integer NOT NULL, CONSTRAINT `vehicles_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Create index "vehicle_organization_id_vin" to table: "vehicles"
CREATE UNIQUE INDEX `vehicle_organization_id_vin` ON `vehicles` (`organization_id`, `vin`);
-- Create index "vehicle_organization_id_id" to table: "vehicles"
CREATE INDEX `vehicle_organization_id_id` ON `vehicles` (`organization_id`, `id`);
-- Create index "vehicle_organization_id_status_id" to table: "vehicles"
CREATE INDEX `vehicle_organization_id_status_id` ON `vehicles` (`organization_id`, `status`, `id`);
