-- Audit entries are written without a chain position inside the transaction of the change they
-- record, and sealed (seq, prev_hash, hash) right after it commits: the chain no longer needs a
-- lock held by every writing transaction until commit (issue 6: it serialised all checkouts).
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_id_unique";--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_pkey";--> statement-breakpoint
ALTER TABLE "audit_log" ADD PRIMARY KEY ("id");--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_unique" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_log_unsealed_index" ON "audit_log" USING btree ("occurred_at","id") WHERE "audit_log"."seq" is null;--> statement-breakpoint
-- Sealed means all three chain fields are set, unsealed means none is.
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_sealed_whole"
  CHECK ((seq IS NULL AND prev_hash IS NULL AND hash IS NULL) OR (seq IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL));--> statement-breakpoint
-- Still append-only (PL-SEC-05): no DELETE, no TRUNCATE, and the only UPDATE allowed is sealing an
-- unsealed entry once, with every recorded field unchanged.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
     AND (NEW.id, NEW.occurred_at, NEW.actor_id, NEW.actor_org_id, NEW.action, NEW.resource_type, NEW.resource_id,
          NEW.changes, NEW.ip, NEW.user_agent, NEW.request_id)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.occurred_at, OLD.actor_id, OLD.actor_org_id, OLD.action, OLD.resource_type, OLD.resource_id,
          OLD.changes, OLD.ip, OLD.user_agent, OLD.request_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
