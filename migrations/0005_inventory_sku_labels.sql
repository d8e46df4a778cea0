-- SKU code and display label on inventory_item, kept by the catalog (registerSku / registerSkus / relabelSkus).
-- No backfill: inventory may not read catalog tables; labels of existing SKUs are filled when the catalog
-- registers or approves them, and screens fall back to the code or id while a label is empty.
ALTER TABLE "inventory_item" ADD COLUMN "code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_item" ADD COLUMN "label" text DEFAULT '' NOT NULL;