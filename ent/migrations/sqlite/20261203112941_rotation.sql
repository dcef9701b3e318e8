-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Add column "max_key_lifetime_days" to table: "organizations"
ALTER TABLE `organizations` ADD COLUMN `max_key_lifetime_days` integer NULL;
-- Create "new_api_keys" table
CREATE TABLE `new_api_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `prefix` text NOT NULL, `digest` text NOT NULL, `scopes` json NOT NULL, `expires_at` datetime NOT NULL, `last_used_at` datetime NULL, `created_at` datetime NOT NULL, `revoked_at` datetime NULL, `revocation_reason` text NULL, `allowed_ips` json NOT NULL DEFAULT '[]', `organization_id` integer NOT NULL, `created_by_id` integer NULL, `revoked_by_id` integer NULL, `replaced_by_id` integer NULL, CONSTRAINT `api_keys_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `api_keys_users_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `api_keys_users_revoked_by` FOREIGN KEY (`revoked_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `api_keys_api_keys_replaces` FOREIGN KEY (`replaced_by_id`) REFERENCES `api_keys` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "api_keys" to new temporary table "new_api_keys"
INSERT INTO `new_api_keys` (`id`, `name`, `prefix`, `digest`, `scopes`, `expires_at`, `last_used_at`, `created_at`, `revoked_at`, `revocation_reason`, `allowed_ips`, `organization_id`, `created_by_id`, `revoked_by_id`) SELECT `id`, `name`, `prefix`, `digest`, `scopes`, `expires_at`, `last_used_at`, `created_at`, `revoked_at`, `revocation_reason`, `allowed_ips`, `organization_id`, `created_by_id`, `revoked_by_id` FROM `api_keys`;
-- Drop "api_keys" table after copying rows
DROP TABLE `api_keys`;
-- Rename temporary table "new_api_keys" to "api_keys"
ALTER TABLE `new_api_keys` RENAME TO `api_keys`;
-- Create index "api_keys_digest_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_digest_key` ON `api_keys` (`digest`);
-- Create index "api_keys_replaced_by_id_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_replaced_by_id_key` ON `api_keys` (`replaced_by_id`);
-- Create index "apikey_organization_id_id" to table: "api_keys"
CREATE INDEX `apikey_organization_id_id` ON `api_keys` (`organization_id`, `id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
