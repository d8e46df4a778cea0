import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';

export type Warehouse = Schemas['Warehouse'];
export type WarehouseBody = Schemas['WarehouseBody'];
export type StorageLocation = Schemas['StorageLocation'];
export type StockRow = Schemas['StockRow'];
export type SkuStock = Schemas['SkuStock'];
export type StockMovement = Schemas['StockMovement'];
export type MovementKind = StockMovement['kind'];
export type MovementBody = Schemas['MovementBody'];
export type StockAlert = Schemas['StockAlert'];
export type AdminStockAlert = Schemas['AdminStockAlert'];
export type AlertStatus = StockAlert['status'];
export type PickList = Schemas['PickList'];

export const MOVEMENT_KINDS = ['receipt', 'return', 'damage', 'adjustment'] as const satisfies readonly MovementBody['kind'][];
export const ALERT_STATUSES = ['open', 'resolved'] as const satisfies readonly AlertStatus[];
export const MOVEMENT_COLOR: Record<MovementKind, string> = {
  receipt: 'green', return: 'teal', sale: 'blue', damage: 'red', adjustment: 'orange', transfer_out: 'grape', transfer_in: 'violet',
};

/** TanStack Query keys of the seller's inventory (all under 'inventory': one invalidation refreshes the lot after a change). */
export const keys = {
  all: ['inventory'] as const,
  warehouses: ['inventory', 'warehouses'] as const,
  warehouseList: (filter: unknown) => ['inventory', 'warehouses', 'list', filter] as const,
  warehouse: (id: string) => ['inventory', 'warehouses', id] as const,
  locations: (id: string) => ['inventory', 'warehouses', id, 'locations'] as const,
  stock: (filter: unknown) => ['inventory', 'stock', filter] as const,
  skus: (q: string) => ['inventory', 'skus', q] as const,
  movements: (filter: unknown) => ['inventory', 'movements', filter] as const,
  alerts: (filter: unknown) => ['inventory', 'alerts', filter] as const,
  adminAlerts: (filter: unknown) => ['admin', 'inventory', 'alerts', filter] as const,
};

/** Every warehouse of the shop (for pickers and filters; a shop has a handful, the first 100 by code). */
export function useAllWarehouses() {
  return useQuery({ queryKey: keys.warehouseList('all'), staleTime: 60_000,
    queryFn: async () => (await unwrap(api.GET('/api/seller/warehouses', { params: { query: { limit: '100' } } }))).items });
}

/** A warehouse's locations in walk order (first 100), for the put-away picker. */
export function useLocations(warehouseId: string | null | undefined) {
  return useQuery({ queryKey: [...keys.locations(warehouseId ?? ''), 'picker'], enabled: Boolean(warehouseId),
    queryFn: async () => (await unwrap(api.GET('/api/seller/warehouses/{id}/locations', {
      params: { path: { id: warehouseId! }, query: { limit: '100' } } }))).items });
}

/** Label of a warehouse in pickers and lists: name and code. */
export const warehouseLabel = (w: { name: string; code: string }) => `${w.name} · ${w.code}`;
