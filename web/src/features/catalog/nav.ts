import { IconPackage, IconReceiptYuan, IconTruckDelivery } from '@tabler/icons-react';
import type { NavItem } from '../../components/nav';

/** Catalog screens in the seller center side navigation. */
export const SELLER_CATALOG_NAV: NavItem[] = [
  { to: 'products', label: 'catalog.nav.products', icon: IconPackage, permission: 'catalog:manage' },
  { to: 'prices', label: 'catalog.nav.priceChanges', icon: IconReceiptYuan, permission: 'price:manage' },
  { to: 'shipping', label: 'catalog.nav.shipping', icon: IconTruckDelivery, permission: 'price:manage' },
];
