CREATE TABLE "idempotency_key" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "cart_cart" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text,
	"guest_token_hash" text,
	"status" text DEFAULT 'active' NOT NULL,
	"merged_into" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cart_line" (
	"id" text PRIMARY KEY NOT NULL,
	"cart_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"product_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"price_when_added" bigint,
	"selected" text DEFAULT 'yes' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_line_quantity_check" CHECK ("cart_line"."quantity" between 1 and 9999)
);
--> statement-breakpoint
CREATE TABLE "consumer_address" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"recipient_enc" text NOT NULL,
	"phone_enc" text NOT NULL,
	"detail_enc" text NOT NULL,
	"region_code" text DEFAULT '' NOT NULL,
	"province" text NOT NULL,
	"city" text NOT NULL,
	"district" text DEFAULT '' NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_closed_period" (
	"month" text PRIMARY KEY NOT NULL,
	"closed_by" text,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_commission_rate" (
	"id" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"scope_id" text DEFAULT '' NOT NULL,
	"rate_bp" integer NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"payout_approval_threshold" bigint NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_entry" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"reversal_of" text,
	"created_by" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_account" (
	"code" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"org_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_posting" (
	"id" text PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"account_code" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"seller_id" text,
	"order_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_checkout" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"status" text NOT NULL,
	"offer" jsonb NOT NULL,
	"offer_hash" text NOT NULL,
	"total" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"payment_id" text,
	"payment_provider" text NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"confirm_ip" text,
	"confirm_user_agent" text,
	"payment_due_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_order" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"checkout_id" text NOT NULL,
	"account_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"goods_amount" bigint NOT NULL,
	"shipping_fee" bigint NOT NULL,
	"total" bigint NOT NULL,
	"commission" bigint DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"address_enc" text NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"delivery_terms" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"calendar_id" text,
	"placed_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"confirm_due_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_order_amounts_check" CHECK ("order_order"."total" = "order_order"."goods_amount" + "order_order"."shipping_fee" and "order_order"."refunded_amount" between 0 and "order_order"."total")
);
--> statement-breakpoint
CREATE TABLE "order_event" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_id" text,
	"actor_kind" text NOT NULL,
	"reason" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_line" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"product_id" text NOT NULL,
	"product_version_id" text NOT NULL,
	"category_id" text NOT NULL,
	"title" text NOT NULL,
	"specification" text DEFAULT '' NOT NULL,
	"sku_code" text DEFAULT '' NOT NULL,
	"sales_unit" jsonb NOT NULL,
	"image_id" text,
	"price_type" text NOT NULL,
	"unit_price" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"line_total" bigint NOT NULL,
	"commission_bp" integer DEFAULT 0 NOT NULL,
	"commission" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_line_quantity_check" CHECK ("order_line"."quantity" > 0 and "order_line"."line_total" = "order_line"."unit_price" * "order_line"."quantity")
);
--> statement-breakpoint
CREATE TABLE "order_modification" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"base_version" integer NOT NULL,
	"proposed_by" text NOT NULL,
	"proposer_id" text,
	"changes" jsonb NOT NULL,
	"price_delta" bigint DEFAULT 0 NOT NULL,
	"needs_acceptance_by" text,
	"status" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_version" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_seller_settings" (
	"seller_id" text PRIMARY KEY NOT NULL,
	"calendar_id" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_contract" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"number" text NOT NULL,
	"parties" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"fee_bp" integer DEFAULT 0 NOT NULL,
	"settlement_terms" text DEFAULT '' NOT NULL,
	"refund_terms" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_enquiry" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"order_id" text,
	"message" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reply" text,
	"replied_by" text,
	"replied_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_notification" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"subject_ref" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_payment" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"reference" text NOT NULL,
	"account_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text NOT NULL,
	"provider_ref" text,
	"payer_masked" text,
	"failure_code" text,
	"failure_reason" text,
	"expires_at" timestamp with time zone NOT NULL,
	"succeeded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_payment_refund_check" CHECK ("payment_payment"."refunded_amount" between 0 and "payment_payment"."amount" and "payment_payment"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_event" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"source" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_provider" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"org_id" text,
	"status" text DEFAULT 'active' NOT NULL,
	"qualification" text DEFAULT 'pending' NOT NULL,
	"credentials_enc" text NOT NULL,
	"credentials_rotated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_reconciliation_exception" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_ref" text NOT NULL,
	"platform" jsonb,
	"provider" jsonb,
	"status" text DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_reconciliation_run" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"statement_date" date NOT NULL,
	"matched" integer DEFAULT 0 NOT NULL,
	"exceptions" integer DEFAULT 0 NOT NULL,
	"platform_total" bigint DEFAULT 0 NOT NULL,
	"provider_total" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_refund" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"reference" text NOT NULL,
	"account_id" text NOT NULL,
	"seller_id" text,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"provider_ref" text,
	"failure_reason" text,
	"request_key" text NOT NULL,
	"requested_by" text,
	"succeeded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_refund_amount_check" CHECK ("payment_refund"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_risk_review" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_risk_rule" (
	"id" text PRIMARY KEY NOT NULL,
	"applies_to" text NOT NULL,
	"kind" text NOT NULL,
	"threshold" bigint NOT NULL,
	"active" text DEFAULT 'yes' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_sandbox_txn" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"merchant_ref" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text NOT NULL,
	"payer" text,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_transfer" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"reference" text NOT NULL,
	"org_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"payee_masked" text NOT NULL,
	"status" text NOT NULL,
	"provider_ref" text,
	"failure_reason" text,
	"succeeded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_transfer_amount_check" CHECK ("payment_transfer"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "settlement_payout" (
	"id" text PRIMARY KEY NOT NULL,
	"statement_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text NOT NULL,
	"requested_by" text,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"transfer_id" text,
	"failure_reason" text,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_statement" (
	"id" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"sales" bigint NOT NULL,
	"delivery_fees" bigint NOT NULL,
	"refunds" bigint NOT NULL,
	"commission" bigint NOT NULL,
	"deductions" bigint DEFAULT 0 NOT NULL,
	"net" bigint NOT NULL,
	"orders" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cart_line" ADD CONSTRAINT "cart_line_cart_id_cart_cart_id_fk" FOREIGN KEY ("cart_id") REFERENCES "public"."cart_cart"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_posting" ADD CONSTRAINT "finance_posting_entry_id_finance_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."finance_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_posting" ADD CONSTRAINT "finance_posting_account_code_finance_account_code_fk" FOREIGN KEY ("account_code") REFERENCES "public"."finance_account"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_order" ADD CONSTRAINT "order_order_checkout_id_order_checkout_id_fk" FOREIGN KEY ("checkout_id") REFERENCES "public"."order_checkout"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_event" ADD CONSTRAINT "order_event_order_id_order_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."order_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_line" ADD CONSTRAINT "order_line_order_id_order_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."order_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_modification" ADD CONSTRAINT "order_modification_order_id_order_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."order_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_version" ADD CONSTRAINT "order_version_order_id_order_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."order_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_contract" ADD CONSTRAINT "payment_contract_provider_id_payment_provider_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."payment_provider"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_notification" ADD CONSTRAINT "payment_notification_provider_id_payment_provider_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."payment_provider"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_payment" ADD CONSTRAINT "payment_payment_provider_id_payment_provider_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."payment_provider"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_reconciliation_exception" ADD CONSTRAINT "payment_reconciliation_exception_run_id_payment_reconciliation_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."payment_reconciliation_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_reconciliation_run" ADD CONSTRAINT "payment_reconciliation_run_provider_id_payment_provider_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."payment_provider"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refund" ADD CONSTRAINT "payment_refund_payment_id_payment_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment_payment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_transfer" ADD CONSTRAINT "payment_transfer_provider_id_payment_provider_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."payment_provider"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_payout" ADD CONSTRAINT "settlement_payout_statement_id_settlement_statement_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."settlement_statement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_cart_one_active_per_account" ON "cart_cart" USING btree ("account_id") WHERE "cart_cart"."status" = 'active' and "cart_cart"."account_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_cart_guest_token" ON "cart_cart" USING btree ("guest_token_hash") WHERE "cart_cart"."guest_token_hash" is not null;--> statement-breakpoint
CREATE INDEX "cart_cart_updated_at_index" ON "cart_cart" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cart_line_cart_id_sku_id_index" ON "cart_line" USING btree ("cart_id","sku_id");--> statement-breakpoint
CREATE INDEX "consumer_address_account_id_created_at_index" ON "consumer_address" USING btree ("account_id","created_at") WHERE "consumer_address"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "finance_commission_rate_scope_scope_id_index" ON "finance_commission_rate" USING btree ("scope","scope_id");--> statement-breakpoint
CREATE UNIQUE INDEX "finance_entry_kind_source_type_source_id_index" ON "finance_entry" USING btree ("kind","source_type","source_id");--> statement-breakpoint
CREATE INDEX "finance_entry_source_type_source_id_index" ON "finance_entry" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "finance_entry_occurred_at_index" ON "finance_entry" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "finance_account_org_id_index" ON "finance_account" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "finance_posting_entry_id_index" ON "finance_posting" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "finance_posting_account_code_occurred_at_index" ON "finance_posting" USING btree ("account_code","occurred_at");--> statement-breakpoint
CREATE INDEX "finance_posting_seller_id_occurred_at_index" ON "finance_posting" USING btree ("seller_id","occurred_at") WHERE "finance_posting"."seller_id" is not null;--> statement-breakpoint
CREATE INDEX "order_checkout_account_id_created_at_index" ON "order_checkout" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "order_checkout_awaiting_due" ON "order_checkout" USING btree ("payment_due_at") WHERE "order_checkout"."status" = 'awaiting_payment';--> statement-breakpoint
CREATE UNIQUE INDEX "order_order_number_index" ON "order_order" USING btree ("number");--> statement-breakpoint
CREATE INDEX "order_order_checkout_id_index" ON "order_order" USING btree ("checkout_id");--> statement-breakpoint
CREATE INDEX "order_order_account_id_created_at_index" ON "order_order" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "order_order_seller_id_created_at_index" ON "order_order" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE INDEX "order_order_seller_id_status_created_at_index" ON "order_order" USING btree ("seller_id","status","created_at");--> statement-breakpoint
CREATE INDEX "order_order_status_created_at_index" ON "order_order" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "order_order_awaiting_confirmation" ON "order_order" USING btree ("confirm_due_at") WHERE "order_order"."status" = 'paid';--> statement-breakpoint
CREATE INDEX "order_event_order_id_created_at_index" ON "order_event" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "order_line_order_id_index" ON "order_line" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_modification_order_id_created_at_index" ON "order_modification" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_modification_one_pending" ON "order_modification" USING btree ("order_id") WHERE "order_modification"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "order_version_order_id_version_index" ON "order_version" USING btree ("order_id","version");--> statement-breakpoint
CREATE INDEX "payment_contract_provider_id_valid_to_index" ON "payment_contract" USING btree ("provider_id","valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_contract_provider_id_number_index" ON "payment_contract" USING btree ("provider_id","number");--> statement-breakpoint
CREATE INDEX "payment_enquiry_account_id_created_at_index" ON "payment_enquiry" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_enquiry_status_created_at_index" ON "payment_enquiry" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_notification_provider_id_event_id_index" ON "payment_notification" USING btree ("provider_id","event_id");--> statement-breakpoint
CREATE INDEX "payment_notification_pending" ON "payment_notification" USING btree ("received_at") WHERE "payment_notification"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "payment_payment_reference_index" ON "payment_payment" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "payment_payment_account_id_created_at_index" ON "payment_payment" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_payment_status_created_at_index" ON "payment_payment" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_payment_provider_id_provider_ref_index" ON "payment_payment" USING btree ("provider_id","provider_ref");--> statement-breakpoint
CREATE INDEX "payment_event_subject_id_created_at_index" ON "payment_event" USING btree ("subject_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_provider_code_index" ON "payment_provider" USING btree ("code");--> statement-breakpoint
CREATE INDEX "payment_reconciliation_exception_status_due_at_index" ON "payment_reconciliation_exception" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "payment_reconciliation_exception_run_id_index" ON "payment_reconciliation_exception" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_reconciliation_run_provider_id_statement_date_index" ON "payment_reconciliation_run" USING btree ("provider_id","statement_date");--> statement-breakpoint
CREATE INDEX "payment_refund_payment_id_index" ON "payment_refund" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payment_refund_reference_index" ON "payment_refund" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "payment_refund_status_created_at_index" ON "payment_refund" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_refund_request_key_index" ON "payment_refund" USING btree ("request_key");--> statement-breakpoint
CREATE INDEX "payment_risk_review_status_created_at_index" ON "payment_risk_review" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_risk_review_subject_type_subject_id_index" ON "payment_risk_review" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_sandbox_txn_kind_merchant_ref_index" ON "payment_sandbox_txn" USING btree ("kind","merchant_ref");--> statement-breakpoint
CREATE INDEX "payment_sandbox_txn_completed_at_index" ON "payment_sandbox_txn" USING btree ("completed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_transfer_reference_index" ON "payment_transfer" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "payment_transfer_org_id_created_at_index" ON "payment_transfer" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "settlement_payout_seller_id_created_at_index" ON "settlement_payout" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE INDEX "settlement_payout_status_created_at_index" ON "settlement_payout" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_payout_one_active" ON "settlement_payout" USING btree ("statement_id") WHERE "settlement_payout"."status" in ('awaiting_approval', 'processing', 'paid');--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_statement_seller_id_period_from_period_to_index" ON "settlement_statement" USING btree ("seller_id","period_from","period_to");--> statement-breakpoint
CREATE INDEX "settlement_statement_status_created_at_index" ON "settlement_statement" USING btree ("status","created_at");
--> statement-breakpoint
-- Ledger entries and postings are append-only (MS-FIN-02): corrections are reversal entries.
CREATE OR REPLACE FUNCTION finance_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed (post a reversal instead)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER finance_entry_append_only BEFORE UPDATE OR DELETE ON finance_entry FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER finance_entry_no_truncate BEFORE TRUNCATE ON finance_entry FOR EACH STATEMENT EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER finance_posting_append_only BEFORE UPDATE OR DELETE ON finance_posting FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER finance_posting_no_truncate BEFORE TRUNCATE ON finance_posting FOR EACH STATEMENT EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
-- Double entry is enforced by the database: at commit, the postings of every entry touched must sum to zero.
CREATE OR REPLACE FUNCTION finance_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total bigint; n int;
BEGIN
  SELECT coalesce(sum(amount), 0), count(*) INTO total, n FROM finance_posting WHERE entry_id = NEW.entry_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger entry % does not balance: postings sum to % fen', NEW.entry_id, total USING ERRCODE = 'check_violation';
  END IF;
  IF n < 2 THEN
    RAISE EXCEPTION 'ledger entry % needs at least two postings', NEW.entry_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER finance_posting_balanced AFTER INSERT ON finance_posting DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION finance_check_balanced();
--> statement-breakpoint
INSERT INTO finance_account (code, kind, name) VALUES
  ('clearing:consumer', 'liability', '消费者付款清算 Consumer payments clearing'),
  ('clearing:refunds', 'liability', '退款清算 Refunds clearing'),
  ('revenue:commission', 'revenue', '平台佣金收入 Platform commission'),
  ('payout:in_transit', 'liability', '在途结算款 Payouts in transit')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO finance_commission_rate (id, scope, scope_id, rate_bp) VALUES ('cmr_default', 'default', '', 500) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO finance_settings (key, payout_approval_threshold) VALUES ('default', 1000000) ON CONFLICT DO NOTHING;
