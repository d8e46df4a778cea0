import { z } from 'zod';

/** Largest quantity one movement, transfer or reservation line may carry (on_hand is a 32-bit integer). */
export const MAX_QUANTITY = 1_000_000;
/** Largest on-hand quantity of one SKU in one warehouse; a receipt beyond it is refused. */
export const MAX_ON_HAND = 1_000_000_000;

const Id = z.string().min(1).max(64);
const Code = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'use 1–40 letters, digits, dot, dash or underscore');
const Text = (max: number) => z.string().trim().max(max);
const Required = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const Qty = z.number().int().min(1).max(MAX_QUANTITY);
const Threshold = z.number().int().min(0).max(MAX_ON_HAND);
/** How every output names a SKU besides its id: the seller's code and the display label the catalog keeps. */
const SkuNamesOut = {
  skuCode: z.string().describe('The seller\'s SKU code, e.g. LJ-MQ-250'),
  skuLabel: z.string().describe('Product title · specification (kept current by the catalog); empty until the catalog names the SKU'),
};
/** Free-text SKU search of the lists: label, code, SKU id or product id contains it (case-insensitive). */
export const SkuSearchQuery = z.string().trim().max(100).optional().describe('Product name, SKU code or id (part of it)');

// ---------------------------------------------------------------- warehouses and locations

export const WarehouseBody = z.strictObject({
  code: Code.describe('Unique per seller, e.g. HZ-01'),
  name: Required(100),
  address: Required(300),
  region: Required(100).describe('Service region, e.g. 浙江省杭州市'),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  capacity: z.number().int().min(0).max(MAX_ON_HAND).nullable().optional().describe('Units the warehouse can hold (for site planning)'),
  priority: z.number().int().min(0).max(10_000).optional().describe('Allocation order: lower first; default 100'),
  active: z.boolean().optional().describe('Inactive warehouses keep their stock but are never chosen for reservations'),
}).meta({ id: 'WarehouseBody' });
export type WarehouseBody = z.infer<typeof WarehouseBody>;

export const UpdateWarehouseBody = z.strictObject({
  code: Code.optional(),
  name: Required(100).optional(),
  address: Required(300).optional(),
  region: Required(100).optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  capacity: z.number().int().min(0).max(MAX_ON_HAND).nullable().optional(),
  priority: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' }).meta({ id: 'UpdateWarehouseBody' });
export type UpdateWarehouseBody = z.infer<typeof UpdateWarehouseBody>;

export const WarehouseOut = z.object({
  id: z.string(), code: z.string(), name: z.string(), address: z.string(), region: z.string(),
  latitude: z.number().nullable(), longitude: z.number().nullable(), capacity: z.number().int().nullable(),
  priority: z.number().int(), active: z.boolean(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime(),
}).meta({ id: 'Warehouse' });
export type WarehouseOut = z.infer<typeof WarehouseOut>;

export const LocationBody = z.strictObject({
  code: Code.describe('Unique per warehouse, e.g. A-01-03'),
  zone: Text(40).optional(),
  pickSequence: z.number().int().min(0).max(1_000_000).describe('Walk order of pick lists: lower is visited first'),
  capacity: z.number().int().min(0).max(MAX_ON_HAND).nullable().optional().describe('Units the location holds; put-away beyond it is refused'),
  conditions: Text(200).optional().describe('Storage conditions, e.g. 常温、防潮'),
}).meta({ id: 'LocationBody' });
export type LocationBody = z.infer<typeof LocationBody>;

export const UpdateLocationBody = z.strictObject({
  zone: Text(40).optional(),
  pickSequence: z.number().int().min(0).max(1_000_000).optional(),
  capacity: z.number().int().min(0).max(MAX_ON_HAND).nullable().optional(),
  conditions: Text(200).optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' }).meta({ id: 'UpdateLocationBody' });
export type UpdateLocationBody = z.infer<typeof UpdateLocationBody>;

export const LocationOut = z.object({
  id: z.string(), warehouseId: z.string(), code: z.string(), zone: z.string(), pickSequence: z.number().int(),
  capacity: z.number().int().nullable(), conditions: z.string(), onHand: z.number().int().describe('Units stored here now'),
  createdAt: z.iso.datetime(),
}).meta({ id: 'StorageLocation' });
export type LocationOut = z.infer<typeof LocationOut>;

export const PickListQuery = z.strictObject({
  skuIds: z.string().min(1).max(4000).describe('Comma-separated SKU ids')
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(Id).min(1, 'name at least one SKU').max(200, 'at most 200 SKUs per pick list')),
});

export const PickLineOut = z.object({
  skuId: z.string(), ...SkuNamesOut, productId: z.string(), locationId: z.string().nullable(), locationCode: z.string().nullable(),
  zone: z.string().nullable(), pickSequence: z.number().int().nullable(),
  onHand: z.number().int(), reserved: z.number().int(), available: z.number().int(),
}).meta({ id: 'PickLine' });
export const PickListOut = z.object({
  warehouseId: z.string(), warehouseName: z.string(),
  items: z.array(PickLineOut).describe('In walk order (location pick sequence); SKUs without a location last'),
  missingSkuIds: z.array(z.string()).describe('Requested SKUs this warehouse holds no stock row for'),
}).meta({ id: 'PickList' });
export type PickListOut = z.infer<typeof PickListOut>;

// ---------------------------------------------------------------- stock

export const StockRowOut = z.object({
  skuId: z.string(), ...SkuNamesOut, productId: z.string(), warehouseId: z.string(), warehouseName: z.string(), warehouseCode: z.string(),
  onHand: z.number().int(), reserved: z.number().int(), available: z.number().int(),
  lowThreshold: z.number().int().nullable(), maxThreshold: z.number().int().nullable(),
  locationId: z.string().nullable(), locationCode: z.string().nullable(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'StockRow' });
export type StockRowOut = z.infer<typeof StockRowOut>;

export const SkuStockOut = z.object({
  skuId: z.string(), ...SkuNamesOut, productId: z.string(), onHand: z.number().int(), reserved: z.number().int(), available: z.number().int(),
  warehouses: z.number().int().describe('Warehouses holding a stock row of this SKU'),
}).meta({ id: 'SkuStock' });
export type SkuStockOut = z.infer<typeof SkuStockOut>;

export const StockSettingsBody = z.strictObject({
  skuId: Id,
  warehouseId: Id,
  lowThreshold: Threshold.nullable().optional().describe('Alert when available stock falls to this or below; null: no low alert'),
  maxThreshold: Threshold.nullable().optional().describe('Alert when available stock rises above this; null: no over-stock alert'),
  locationId: Id.nullable().optional().describe('Storage location (put-away); null: none'),
}).refine((b) => b.lowThreshold !== undefined || b.maxThreshold !== undefined || b.locationId !== undefined,
  { message: 'change at least one field' }).meta({ id: 'StockSettingsBody' });
export type StockSettingsBody = z.infer<typeof StockSettingsBody>;

export const MovementKindIn = z.enum(['receipt', 'return', 'damage', 'adjustment']);
export type MovementKindIn = z.infer<typeof MovementKindIn>;
export const MovementKind = z.enum(['receipt', 'return', 'sale', 'damage', 'adjustment', 'transfer_out', 'transfer_in']);
export type MovementKind = z.infer<typeof MovementKind>;

export const MovementBody = z.strictObject({
  skuId: Id,
  warehouseId: Id,
  kind: MovementKindIn,
  quantity: z.number().int().min(-MAX_QUANTITY).max(MAX_QUANTITY)
    .describe('receipt, return, damage: units (positive; damage removes them). adjustment: signed change, not zero'),
  reason: Text(500).optional(),
  documentNo: Text(64).optional().describe('Receipt note, return authorisation or count sheet number'),
}).superRefine((b, ctx) => {
  if (b.kind === 'adjustment') {
    if (b.quantity === 0) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'an adjustment must change stock: give a non-zero quantity' });
  } else if (b.quantity < 1) {
    ctx.addIssue({ code: 'custom', path: ['quantity'], message: `a ${b.kind} quantity must be at least 1 (damage removes the units given)` });
  }
  if ((b.kind === 'damage' || b.kind === 'adjustment') && !b.reason) {
    ctx.addIssue({ code: 'custom', path: ['reason'], message: `say why (a ${b.kind} needs a reason)` });
  }
  if (b.kind === 'receipt' && !b.documentNo) {
    ctx.addIssue({ code: 'custom', path: ['documentNo'], message: 'a receipt needs the document number of the delivery note' });
  }
}).meta({ id: 'MovementBody' });
export type MovementBody = z.infer<typeof MovementBody>;

export const TransferBody = z.strictObject({
  skuId: Id,
  fromWarehouseId: Id,
  toWarehouseId: Id,
  quantity: Qty,
  documentNo: Required(64).describe('Transfer note number'),
  reason: Text(500).optional(),
}).refine((b) => b.fromWarehouseId !== b.toWarehouseId, { path: ['toWarehouseId'], message: 'choose a different warehouse to transfer to' })
  .meta({ id: 'TransferBody' });
export type TransferBody = z.infer<typeof TransferBody>;

export const MovementOut = z.object({
  id: z.string(), skuId: z.string(), ...SkuNamesOut, warehouseId: z.string(), warehouseName: z.string(), kind: MovementKind,
  quantity: z.number().int().describe('Signed change of on-hand stock'), onHandAfter: z.number().int(),
  reason: z.string(), documentNo: z.string(), transferId: z.string().nullable(), reference: z.string().nullable(),
  actorId: z.string().nullable(), createdAt: z.iso.datetime(),
}).meta({ id: 'StockMovement' });
export type MovementOut = z.infer<typeof MovementOut>;

export const MovementResultOut = z.object({ movement: MovementOut, stock: StockRowOut }).meta({ id: 'StockMovementResult' });
export type MovementResultOut = z.infer<typeof MovementResultOut>;

export const TransferResultOut = z.object({
  transferId: z.string(), out: MovementOut, in: MovementOut, from: StockRowOut, to: StockRowOut,
}).meta({ id: 'StockTransferResult' });
export type TransferResultOut = z.infer<typeof TransferResultOut>;

// ---------------------------------------------------------------- alerts

export const AlertStatus = z.enum(['open', 'resolved']);
export const AlertOut = z.object({
  id: z.string(), sellerId: z.string(), skuId: z.string(), ...SkuNamesOut, warehouseId: z.string(), warehouseName: z.string(),
  kind: z.enum(['low', 'over']), available: z.number().int().describe('Available stock when last evaluated'),
  threshold: z.number().int(), status: AlertStatus, createdAt: z.iso.datetime(), resolvedAt: z.iso.datetime().nullable(),
}).meta({ id: 'StockAlert' });
export type AlertOut = z.infer<typeof AlertOut>;

export const AdminAlertOut = AlertOut.extend({ sellerName: z.string() }).meta({ id: 'AdminStockAlert' });
export type AdminAlertOut = z.infer<typeof AdminAlertOut>;

// ---------------------------------------------------------------- reservations (service API for checkout)

export type ReservationLine = { skuId: string; quantity: number };
export type Reservation = {
  id: string; reference: string; sellerId: string; skuId: string; warehouseId: string; quantity: number;
  status: 'held' | 'released' | 'consumed'; expiresAt: Date | null;
};
export type Availability = { onHand: number; reserved: number; available: number; lowThreshold: number | null };
