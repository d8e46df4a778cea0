/** Order states (PL-ORD-01). After-sales states are reserved for the returns module. */
export const ORDER_STATUSES = ['placed', 'paid', 'confirmed', 'allocated', 'handed_over', 'in_delivery', 'delivered', 'refused',
  'completed', 'cancelled', 'after_sales'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type OfferLine = {
  skuId: string; productId: string; productVersionId: string; categoryId: string; title: string; specification: string; skuCode: string;
  salesUnit: Record<string, unknown>; imageId: string | null; priceType: string; unitPrice: number; quantity: number; lineTotal: number;
};
export type OfferGroup = {
  sellerId: string; sellerName: string; lines: OfferLine[]; goodsAmount: number; shippingFee: number; total: number;
  deliveryMethod: 'express'; deliveryTerms: string;
};
/**
 * The complete offer shown to the consumer before confirmation (PL-CHK-02, PL-PRC-08): every line with
 * quantity, unit, unit price and price type, per-seller delivery fee and terms, totals, delivery
 * address (region and masked recipient) and the service terms in force. Its SHA-256 is the offer hash.
 */
export type OfferSnapshot = {
  currency: string;
  groups: OfferGroup[];
  goodsAmount: number; shippingFee: number; total: number;
  address: { id: string; region: string; recipientMasked: string; phoneMasked: string };
  paymentProvider: string;
  terms: { version: string; title: string };
  note: string;
};

/** An order as it stood before a modification (MS-ORD-01). */
export type OrderSnapshot = {
  version: number; goodsAmount: number; shippingFee: number; total: number; region: string; note: string;
  lines: Array<{ skuId: string; title: string; specification: string; unitPrice: number; quantity: number; lineTotal: number }>;
};
