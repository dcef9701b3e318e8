-- Modify "api_keys" table
ALTER TABLE "api_keys" ADD COLUMN "allowed_ips" jsonb NOT NULL DEFAULT '[]';
