-- Add column "last_used_ip" to table: "api_keys"
ALTER TABLE `api_keys` ADD COLUMN `last_used_ip` text NULL;
-- Add column "last_used_user_agent" to table: "api_keys"
ALTER TABLE `api_keys` ADD COLUMN `last_used_user_agent` text NULL;
-- Create "api_key_usages" table
CREATE TABLE `api_key_usages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `day` text NOT NULL, `requests` integer NOT NULL DEFAULT (0), `refused` integer NOT NULL DEFAULT (0), `organization_id` integer NOT NULL, `api_key_id` integer NOT NULL, CONSTRAINT `api_key_usages_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `api_key_usages_api_keys_api_key` FOREIGN KEY (`api_key_id`) REFERENCES `api_keys` (`id`) ON DELETE CASCADE);
-- Create index "apikeyusage_api_key_id_day" to table: "api_key_usages"
CREATE UNIQUE INDEX `apikeyusage_api_key_id_day` ON `api_key_usages` (`api_key_id`, `day`);
-- Create index "apikeyusage_day" to table: "api_key_usages"
CREATE INDEX `apikeyusage_day` ON `api_key_usages` (`day`);
