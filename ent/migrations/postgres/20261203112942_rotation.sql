-- Modify "api_keys" table
ALTER TABLE "api_keys" ADD COLUMN "replaced_by_id" bigint NULL, ADD CONSTRAINT "api_keys_api_keys_replaces" FOREIGN KEY ("replaced_by_id") REFERENCES "api_keys" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- Create index "api_keys_replaced_by_id_key" to table: "api_keys"
CREATE UNIQUE INDEX "api_keys_replaced_by_id_key" ON "api_keys" ("replaced_by_id");
-- Modify "organizations" table
ALTER TABLE "organizations" ADD COLUMN "max_key_lifetime_days" bigint NULL;
