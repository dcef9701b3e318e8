-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_api_keys" table
CREATE TABLE `new_api_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `prefix` text NOT NULL, `digest` text NOT NULL, `scopes` json NOT NULL, `expires_at` datetime NOT NULL, `last_used_at` datetime NULL, `created_at` datetime NOT NULL, `revoked_at` datetime NULL, `revocation_reason` text NULL, `organization_id` integer NOT NULL, `created_by_id` integer NULL, `revoked_by_id` integer NULL, CONSTRAINT `api_keys_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `api_keys_users_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `api_keys_users_revoked_by` FOREIGN KEY (`revoked_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "api_keys" to new temporary table "new_api_keys"
INSERT INTO `new_api_keys` (`id`, `name`, `prefix`, `digest`, `scopes`, `expires_at`, `last_used_at`, `created_at`, `revoked_at`, `organization_id`, `created_by_id`) SELECT `id`, `name`, `prefix`, `digest`, `scopes`, `expires_at`, `last_used_at`, `created_at`, `revoked_at`, `organization_id`, `created_by_id` FROM `api_keys`;
-- Drop "api_keys" table after copying rows
DROP TABLE `api_keys`;
-- Rename temporary table "new_api_keys" to "api_keys"
ALTER TABLE `new_api_keys` RENAME TO `api_keys`;
-- Create index "api_keys_digest_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_digest_key` ON `api_keys` (`digest`);
-- Create index "apikey_organization_id_id" to table: "api_keys"
CREATE INDEX `apikey_organization_id_id` ON `api_keys` (`organization_id`, `id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Keys revoked before the reason was recorded were revoked by a person
-- (written by hand: rotation and exposure reports come with this column)
UPDATE api_keys SET revocation_reason = 'REVOKED' WHERE revoked_at IS NOT NULL AND revocation_reason IS NULL;
