-- Create index "auditentry_organization_id_action_id" to table: "audit_entries"
CREATE INDEX `auditentry_organization_id_action_id` ON `audit_entries` (`organization_id`, `action`, `id`);
-- Create index "auditentry_organization_id_api_key_id_id" to table: "audit_entries"
CREATE INDEX `auditentry_organization_id_api_key_id_id` ON `audit_entries` (`organization_id`, `api_key_id`, `id`);
