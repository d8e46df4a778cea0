/** Outbox events of the inventory module (delivered after commit, at least once). */
export const INVENTORY_EVENTS = {
  /** A low-stock alert opened: available stock fell to or below the SKU's minimum in a warehouse (MS-WHS-04). */
  lowStock: 'inventory.low_stock',
  /** An over-stock alert opened: available stock rose above the SKU's maximum in a warehouse (MS-WHS-04). */
  overStock: 'inventory.over_stock',
} as const;

/** Payload of both events; skuCode / skuLabel name the SKU for messages ('' when the catalog has not named it). */
export type StockAlertEvent = { alertId: string; sellerId: string; skuId: string; skuCode: string; skuLabel: string; warehouseId: string; available: number;
  threshold: number };
