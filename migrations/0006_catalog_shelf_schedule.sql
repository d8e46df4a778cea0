ALTER TABLE "catalog_product" ADD COLUMN "scheduled_on_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "catalog_product" ADD COLUMN "scheduled_off_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "catalog_product_scheduled_on" ON "catalog_product" USING btree ("scheduled_on_at") WHERE "catalog_product"."scheduled_on_at" is not null;--> statement-breakpoint
CREATE INDEX "catalog_product_scheduled_off" ON "catalog_product" USING btree ("scheduled_off_at") WHERE "catalog_product"."scheduled_off_at" is not null;