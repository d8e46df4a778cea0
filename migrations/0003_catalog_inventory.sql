CREATE TABLE "catalog_category" (
	"id" text PRIMARY KEY NOT NULL,
	"parent_id" text,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"path" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"current_rule_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_category_rule" (
	"id" text PRIMARY KEY NOT NULL,
	"category_id" text NOT NULL,
	"version" integer NOT NULL,
	"criteria" text DEFAULT '' NOT NULL,
	"attributes" jsonb NOT NULL,
	"title_min_length" integer DEFAULT 4 NOT NULL,
	"title_max_length" integer DEFAULT 60 NOT NULL,
	"prohibited_terms" text[] NOT NULL,
	"required_qualifications" text[] NOT NULL,
	"price_tag_required" jsonb NOT NULL,
	"quality_standard_required" boolean DEFAULT false NOT NULL,
	"review_mode" text DEFAULT 'manual' NOT NULL,
	"allowed_price_types" text[] NOT NULL,
	"pricing" jsonb NOT NULL,
	"review_due_on" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_image" (
	"id" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_moderation_term" (
	"id" text PRIMARY KEY NOT NULL,
	"term" text NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_price" (
	"sku_id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"price_type" text NOT NULL,
	"retail" bigint NOT NULL,
	"member" bigint,
	"list" bigint,
	"government" jsonb,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"change_id" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_price_change" (
	"id" text PRIMARY KEY NOT NULL,
	"sku_id" text NOT NULL,
	"product_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"change_bp" integer,
	"reason" text NOT NULL,
	"needs_approval_because" text,
	"status" text NOT NULL,
	"requested_by" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"effective_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_product" (
	"id" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"category_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"latest_version_id" text NOT NULL,
	"latest_version_no" integer NOT NULL,
	"live_version_id" text,
	"pending_version_id" text,
	"off_shelf_by" text,
	"off_shelf_reason" text,
	"live" boolean DEFAULT false NOT NULL,
	"live_title" text,
	"cover_image_id" text,
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"category_path" text[] DEFAULT '{}'::text[] NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"price_min" bigint,
	"price_max" bigint,
	"sales_count" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_product_event" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"version_id" text,
	"action" text NOT NULL,
	"actor_id" text,
	"actor_kind" text NOT NULL,
	"reason" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_product_version" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"version_no" integer NOT NULL,
	"content" jsonb NOT NULL,
	"rule_id" text,
	"state" text DEFAULT 'draft' NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"decision_reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_shipping_rule" (
	"seller_id" text PRIMARY KEY NOT NULL,
	"base_fee" bigint NOT NULL,
	"free_over" bigint,
	"extra_item_fee" bigint DEFAULT 0 NOT NULL,
	"delivery_terms" text DEFAULT '' NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_sku" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"code" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_alert" (
	"id" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"warehouse_id" text NOT NULL,
	"kind" text NOT NULL,
	"available" integer NOT NULL,
	"threshold" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inventory_item" (
	"sku_id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_location" (
	"id" text PRIMARY KEY NOT NULL,
	"warehouse_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"code" text NOT NULL,
	"zone" text DEFAULT '' NOT NULL,
	"pick_sequence" integer NOT NULL,
	"capacity" integer,
	"conditions" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_movement" (
	"id" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"warehouse_id" text NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"on_hand_after" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"document_no" text DEFAULT '' NOT NULL,
	"transfer_id" text,
	"reference" text,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_reservation" (
	"id" text PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"seller_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"warehouse_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_stock" (
	"sku_id" text NOT NULL,
	"warehouse_id" text NOT NULL,
	"product_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"low_threshold" integer,
	"max_threshold" integer,
	"location_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_stock_sku_id_warehouse_id_pk" PRIMARY KEY("sku_id","warehouse_id"),
	CONSTRAINT "inventory_stock_reserved_nonneg" CHECK ("inventory_stock"."reserved" >= 0),
	CONSTRAINT "inventory_stock_available_nonneg" CHECK ("inventory_stock"."on_hand" >= "inventory_stock"."reserved")
);
--> statement-breakpoint
CREATE TABLE "inventory_warehouse" (
	"id" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"region" text NOT NULL,
	"latitude" text,
	"longitude" text,
	"capacity" integer,
	"priority" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_category_rule" ADD CONSTRAINT "catalog_category_rule_category_id_catalog_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."catalog_category"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_product" ADD CONSTRAINT "catalog_product_category_id_catalog_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."catalog_category"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_product_event" ADD CONSTRAINT "catalog_product_event_product_id_catalog_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_product_version" ADD CONSTRAINT "catalog_product_version_product_id_catalog_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_sku" ADD CONSTRAINT "catalog_sku_product_id_catalog_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_location" ADD CONSTRAINT "inventory_location_warehouse_id_inventory_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."inventory_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_stock" ADD CONSTRAINT "inventory_stock_warehouse_id_inventory_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."inventory_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_stock" ADD CONSTRAINT "inventory_stock_location_id_inventory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."inventory_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_category_parent_id_position_index" ON "catalog_category" USING btree ("parent_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_category_rule_category_id_version_index" ON "catalog_category_rule" USING btree ("category_id","version");--> statement-breakpoint
CREATE INDEX "catalog_image_seller_id_created_at_index" ON "catalog_image" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_moderation_term_term_index" ON "catalog_moderation_term" USING btree ("term");--> statement-breakpoint
CREATE INDEX "catalog_price_product_id_index" ON "catalog_price" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "catalog_price_change_sku_id_created_at_index" ON "catalog_price_change" USING btree ("sku_id","created_at");--> statement-breakpoint
CREATE INDEX "catalog_price_change_seller_id_created_at_index" ON "catalog_price_change" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE INDEX "catalog_price_change_status_created_at_index" ON "catalog_price_change" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_price_change_one_pending" ON "catalog_price_change" USING btree ("sku_id") WHERE "catalog_price_change"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "catalog_product_seller_id_updated_at_index" ON "catalog_product" USING btree ("seller_id","updated_at");--> statement-breakpoint
CREATE INDEX "catalog_product_status_updated_at_index" ON "catalog_product" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "catalog_product_live_newest" ON "catalog_product" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "catalog_product"."live";--> statement-breakpoint
CREATE INDEX "catalog_product_live_price" ON "catalog_product" USING btree ("price_min","id") WHERE "catalog_product"."live";--> statement-breakpoint
CREATE INDEX "catalog_product_live_sales" ON "catalog_product" USING btree ("sales_count" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "catalog_product"."live";--> statement-breakpoint
CREATE INDEX "catalog_product_live_category" ON "catalog_product" USING gin ("category_path") WHERE "catalog_product"."live";--> statement-breakpoint
CREATE INDEX "catalog_product_live_search" ON "catalog_product" USING gin ("search_tokens") WHERE "catalog_product"."live";--> statement-breakpoint
CREATE INDEX "catalog_product_live_attrs" ON "catalog_product" USING gin ("attrs" jsonb_path_ops) WHERE "catalog_product"."live";--> statement-breakpoint
CREATE INDEX "catalog_product_event_product_id_created_at_index" ON "catalog_product_event" USING btree ("product_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_product_version_product_id_version_no_index" ON "catalog_product_version" USING btree ("product_id","version_no");--> statement-breakpoint
CREATE INDEX "catalog_product_version_state_submitted_at_index" ON "catalog_product_version" USING btree ("state","submitted_at");--> statement-breakpoint
CREATE INDEX "catalog_sku_product_id_index" ON "catalog_sku" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_sku_seller_id_code_index" ON "catalog_sku" USING btree ("seller_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_alert_open" ON "inventory_alert" USING btree ("sku_id","warehouse_id","kind") WHERE "inventory_alert"."status" = 'open';--> statement-breakpoint
CREATE INDEX "inventory_alert_seller_id_status_created_at_index" ON "inventory_alert" USING btree ("seller_id","status","created_at");--> statement-breakpoint
CREATE INDEX "inventory_alert_status_created_at_index" ON "inventory_alert" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "inventory_item_seller_id_index" ON "inventory_item" USING btree ("seller_id");--> statement-breakpoint
CREATE INDEX "inventory_item_product_id_index" ON "inventory_item" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_location_warehouse_id_code_index" ON "inventory_location" USING btree ("warehouse_id","code");--> statement-breakpoint
CREATE INDEX "inventory_location_warehouse_id_pick_sequence_index" ON "inventory_location" USING btree ("warehouse_id","pick_sequence");--> statement-breakpoint
CREATE INDEX "inventory_movement_seller_id_created_at_index" ON "inventory_movement" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE INDEX "inventory_movement_sku_id_warehouse_id_created_at_index" ON "inventory_movement" USING btree ("sku_id","warehouse_id","created_at");--> statement-breakpoint
CREATE INDEX "inventory_reservation_reference_index" ON "inventory_reservation" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "inventory_reservation_status_expires_at_index" ON "inventory_reservation" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "inventory_stock_product_id_index" ON "inventory_stock" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "inventory_stock_seller_id_sku_id_index" ON "inventory_stock" USING btree ("seller_id","sku_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_warehouse_seller_id_code_index" ON "inventory_warehouse" USING btree ("seller_id","code");--> statement-breakpoint
CREATE INDEX "inventory_warehouse_seller_id_created_at_index" ON "inventory_warehouse" USING btree ("seller_id","created_at");