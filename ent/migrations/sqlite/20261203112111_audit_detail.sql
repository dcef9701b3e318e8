-- Add column "detail" to table: "audit_entries"
ALTER TABLE `audit_entries` ADD COLUMN `detail` text NULL;
