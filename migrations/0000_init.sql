CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_org_id" text,
	"action" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" text,
	"changes" jsonb,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "calendar" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"weekly_hours" jsonb NOT NULL,
	"standard_day_minutes" integer NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"service_use" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_standard_day_minutes_check" CHECK (standard_day_minutes between 1 and 1440)
);
--> statement-breakpoint
CREATE TABLE "calendar_day" (
	"calendar_id" text NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_day_calendar_id_date_pk" PRIMARY KEY("calendar_id","date"),
	CONSTRAINT "calendar_day_kind_check" CHECK (kind in ('holiday', 'workday'))
);
--> statement-breakpoint
CREATE TABLE "jobs_job" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"singleton_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_job_status_check" CHECK ("jobs_job"."status" in ('queued', 'running', 'done', 'dead', 'cancelled')),
	CONSTRAINT "jobs_job_attempts_check" CHECK ("jobs_job"."attempts" >= 0 and "jobs_job"."max_attempts" >= 1)
);
--> statement-breakpoint
CREATE TABLE "jobs_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_account" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text,
	"kind" text NOT NULL,
	"entity_type" text DEFAULT 'individual' NOT NULL,
	"email_enc" text,
	"email_idx" text,
	"phone_enc" text,
	"phone_idx" text,
	"display_name_enc" text NOT NULL,
	"password_hash" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"totp_secret_enc" text,
	"totp_enabled" boolean DEFAULT false NOT NULL,
	"totp_last_step" integer,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_account_role" (
	"account_id" text NOT NULL,
	"role_id" text NOT NULL,
	"granted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_account_role_account_id_role_id_pk" PRIMARY KEY("account_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "identity_login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_organisation" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"entity_type" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_role" (
	"id" text PRIMARY KEY NOT NULL,
	"org_kind" text NOT NULL,
	"org_id" text,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"permissions" jsonb NOT NULL,
	"predefined" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_session" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"account_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"idle_expires_at" timestamp with time zone NOT NULL,
	"absolute_expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"ip" text,
	"user_agent" text,
	CONSTRAINT "identity_session_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "calendar_day" ADD CONSTRAINT "calendar_day_calendar_id_calendar_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."calendar"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_account" ADD CONSTRAINT "identity_account_org_id_identity_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."identity_organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_account_role" ADD CONSTRAINT "identity_account_role_account_id_identity_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."identity_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_account_role" ADD CONSTRAINT "identity_account_role_role_id_identity_role_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."identity_role"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_role" ADD CONSTRAINT "identity_role_org_id_identity_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."identity_organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_session" ADD CONSTRAINT "identity_session_account_id_identity_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."identity_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_actor_id_seq_index" ON "audit_log" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_resource_type_resource_id_seq_index" ON "audit_log" USING btree ("resource_type","resource_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_occurred_at_index" ON "audit_log" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_log_action_seq_index" ON "audit_log" USING btree ("action","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_one_default" ON "calendar" USING btree ("is_default") WHERE is_default;--> statement-breakpoint
CREATE INDEX "jobs_job_claim_idx" ON "jobs_job" USING btree ("run_at","id") WHERE "jobs_job"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "jobs_job_lease_idx" ON "jobs_job" USING btree ("locked_until") WHERE "jobs_job"."status" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_job_singleton_active_uq" ON "jobs_job" USING btree ("singleton_key") WHERE "jobs_job"."singleton_key" is not null and "jobs_job"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "jobs_job_singleton_key_idx" ON "jobs_job" USING btree ("singleton_key") WHERE "jobs_job"."singleton_key" is not null;--> statement-breakpoint
CREATE INDEX "jobs_job_status_id_idx" ON "jobs_job" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "jobs_job_name_id_idx" ON "jobs_job" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "jobs_job_finished_at_idx" ON "jobs_job" USING btree ("finished_at") WHERE "jobs_job"."status" in ('done', 'cancelled');--> statement-breakpoint
CREATE INDEX "jobs_outbox_pending_idx" ON "jobs_outbox" USING btree ("id") WHERE "jobs_outbox"."dispatched_at" is null;--> statement-breakpoint
CREATE INDEX "jobs_outbox_dispatched_at_idx" ON "jobs_outbox" USING btree ("dispatched_at") WHERE "jobs_outbox"."dispatched_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "identity_account_email_idx_index" ON "identity_account" USING btree ("email_idx");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_account_phone_idx_index" ON "identity_account" USING btree ("phone_idx");--> statement-breakpoint
CREATE INDEX "identity_account_org_id_created_at_index" ON "identity_account" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "identity_account_kind_created_at_index" ON "identity_account" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "identity_account_role_role_id_index" ON "identity_account_role" USING btree ("role_id");--> statement-breakpoint
CREATE INDEX "identity_organisation_kind_created_at_index" ON "identity_organisation" USING btree ("kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_role_predefined_key" ON "identity_role" USING btree ("key") WHERE "identity_role"."org_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "identity_role_org_key" ON "identity_role" USING btree ("org_id","key") WHERE "identity_role"."org_id" is not null;--> statement-breakpoint
CREATE INDEX "identity_session_account_id_created_at_index" ON "identity_session" USING btree ("account_id","created_at");