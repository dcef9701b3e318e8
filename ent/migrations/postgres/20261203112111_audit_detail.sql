-- Modify "audit_entries" table
ALTER TABLE "audit_entries" ADD COLUMN "detail" character varying NULL;
