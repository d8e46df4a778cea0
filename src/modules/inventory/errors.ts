import { DomainError } from '@/platform/http/problem.js';

export class WarehouseNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'inventory.warehouse_not_found', status: 404, detail: `Warehouse ${id} was not found among your warehouses.`, meta: { warehouseId: id } });
  }
}
export class WarehouseCodeTaken extends DomainError {
  constructor(code: string) {
    super({ code: 'inventory.warehouse_code_taken', status: 409,
      detail: `You already have a warehouse with code "${code}": choose another code or edit that warehouse.`, meta: { warehouseCode: code } });
  }
}
export class LocationNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'inventory.location_not_found', status: 404, detail: `Storage location ${id} was not found in this warehouse.`, meta: { locationId: id } });
  }
}
export class LocationCodeTaken extends DomainError {
  constructor(code: string) {
    super({ code: 'inventory.location_code_taken', status: 409,
      detail: `This warehouse already has a location with code "${code}": choose another code.`, meta: { locationCode: code } });
  }
}
export class LocationFull extends DomainError {
  constructor(locationId: string, capacity: number, stored: number, adding: number) {
    super({ code: 'inventory.location_full', status: 409,
      detail: `Location ${locationId} holds ${stored} of ${capacity} units; ${adding} more do not fit. Choose another location or raise its capacity.`,
      meta: { locationId, capacity, stored, adding } });
  }
}
export class SkuNotFound extends DomainError {
  constructor(skuId: string) {
    super({ code: 'inventory.sku_not_found', status: 404,
      detail: `SKU ${skuId} is not one of your products' SKUs. Create the product in the catalog first.`, meta: { skuId } });
  }
}
export class InsufficientStock extends DomainError {
  constructor(skuId: string, warehouseId: string, requested: number, available: number, sku: { code: string; label: string } = { code: '', label: '' }) {
    const name = sku.label ? `${sku.label} (SKU ${skuId})` : `SKU ${skuId}`;
    super({ code: 'inventory.insufficient_stock', status: 409,
      detail: `Only ${available} unit(s) of ${name} are available in warehouse ${warehouseId} (on hand minus reserved); ${requested} cannot be removed.`,
      meta: { skuId, skuCode: sku.code, skuLabel: sku.label, warehouseId, requested, available } });
  }
}
export class StockLimitExceeded extends DomainError {
  constructor(skuId: string, warehouseId: string, limit: number) {
    super({ code: 'inventory.stock_limit_exceeded', status: 422,
      detail: `On-hand stock of SKU ${skuId} in warehouse ${warehouseId} cannot exceed ${limit} units.`, meta: { skuId, warehouseId, limit } });
  }
}
export class InvalidThresholds extends DomainError {
  constructor(low: number, max: number) {
    super({ code: 'inventory.invalid_thresholds', status: 422,
      detail: `The maximum (${max}) must be above the minimum (${low}), or one of them left empty.`, meta: { lowThreshold: low, maxThreshold: max } });
  }
}
/** A checkout line that no single active warehouse can fill; the caller's transaction rolls back. */
export class OutOfStock extends DomainError {
  constructor(skuId: string, requested: number, available: number) {
    super({ code: 'inventory.out_of_stock', status: 409,
      detail: available > 0
        ? `Only ${available} unit(s) of SKU ${skuId} can be reserved from one warehouse; ${requested} were requested.`
        : `SKU ${skuId} is out of stock.`,
      meta: { skuId, requested, available } });
  }
}
export class InvalidReservation extends DomainError {
  constructor(detail: string) {
    super({ code: 'inventory.invalid_reservation', status: 422, detail });
  }
}
