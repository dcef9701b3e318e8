-- Modify "api_keys" table
ALTER TABLE "api_keys" ADD COLUMN "revocation_reason" character varying NULL, ADD COLUMN "revoked_by_id" bigint NULL, ADD CONSTRAINT "api_keys_users_revoked_by" FOREIGN KEY ("revoked_by_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- Keys revoked before the reason was recorded were revoked by a person
-- (written by hand: rotation and exposure reports come with this column)
UPDATE api_keys SET revocation_reason = 'REVOKED' WHERE revoked_at IS NOT NULL AND revocation_reason IS NULL;
