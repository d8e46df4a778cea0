import { sql } from 'drizzle-orm';
import { item } from '../schema.js';

/**
 * Code and display label of the SKU of a row left-joined with inventory_item (the catalog keeps both
 * current); '' when the SKU is not registered or not named yet.
 */
export const skuNames = { skuCode: sql<string>`coalesce(${item.code}, '')`, skuLabel: sql<string>`coalesce(${item.label}, '')` };
export type SkuNames = { skuCode: string; skuLabel: string };
