-- Create "expiry_notices" table
CREATE TABLE `expiry_notices` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `api_key_id` integer NOT NULL, `kind` text NOT NULL, `created_at` datetime NOT NULL);
-- Create index "expirynotice_api_key_id_kind" to table: "expiry_notices"
CREATE UNIQUE INDEX `expirynotice_api_key_id_kind` ON `expiry_notices` (`api_key_id`, `kind`);
-- Create "webhooks" table
CREATE TABLE `webhooks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `url` text NOT NULL, `events` json NOT NULL, `sealed_secret` blob NOT NULL, `created_at` datetime NOT NULL, `organization_id` integer NOT NULL, CONSTRAINT `webhooks_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Create index "webhook_organization_id_id" to table: "webhooks"
CREATE INDEX `webhook_organization_id_id` ON `webhooks` (`organization_id`, `id`);
-- Create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event` text NOT NULL, `message_id` text NOT NULL, `body` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `response_status` integer NULL, `next_attempt_at` datetime NOT NULL, `leased_until` datetime NULL, `created_at` datetime NOT NULL, `delivered_at` datetime NULL, `webhook_id` integer NOT NULL, `organization_id` integer NOT NULL, CONSTRAINT `webhook_deliveries_webhooks_deliveries` FOREIGN KEY (`webhook_id`) REFERENCES `webhooks` (`id`) ON DELETE CASCADE, CONSTRAINT `webhook_deliveries_organizations_organization` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Create index "webhook_deliveries_message_id_key" to table: "webhook_deliveries"
CREATE UNIQUE INDEX `webhook_deliveries_message_id_key` ON `webhook_deliveries` (`message_id`);
-- Create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_status_next_attempt_at` ON `webhook_deliveries` (`status`, `next_attempt_at`);
-- Create index "webhookdelivery_webhook_id_id" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_webhook_id_id` ON `webhook_deliveries` (`webhook_id`, `id`);
