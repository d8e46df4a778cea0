import { IconAlertTriangle, IconArrowsExchange, IconBellRinging, IconBuildingWarehouse, IconPackages } from '@tabler/icons-react';
import type { NavItem } from '../../components/nav';

/** Inventory screens in the admin console side navigation. */
export const ADMIN_INVENTORY_NAV: NavItem[] = [
  { to: 'inventory/alerts', label: 'inventory.nav.adminAlerts', icon: IconAlertTriangle, permission: 'catalog:read' },
];
/** Inventory screens in the seller center side navigation. */
export const SELLER_INVENTORY_NAV: NavItem[] = [
  { to: 'warehouses', label: 'inventory.nav.warehouses', icon: IconBuildingWarehouse, permission: 'stock:manage' },
  { to: 'stock', label: 'inventory.nav.stock', icon: IconPackages, permission: 'stock:manage' },
  { to: 'stock-movements', label: 'inventory.nav.movements', icon: IconArrowsExchange, permission: 'stock:manage' },
  { to: 'stock-alerts', label: 'inventory.nav.alerts', icon: IconBellRinging, permission: 'stock:manage' },
];
