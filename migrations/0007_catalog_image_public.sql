ALTER TABLE "catalog_image" ADD COLUMN "public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Images already used by a live version are on the storefront: keep them visible.
UPDATE "catalog_image" SET "public" = true WHERE "id" IN (
  SELECT jsonb_array_elements_text(v."content"->'images') FROM "catalog_product" p JOIN "catalog_product_version" v ON v."id" = p."live_version_id");
