-- Add column "allowed_ips" to table: "api_keys"
ALTER TABLE `api_keys` ADD COLUMN `allowed_ips` json NOT NULL DEFAULT '[]';
