import { IconBan, IconCategory, IconClipboardCheck, IconPackage, IconReceiptYuan, IconTag } from '@tabler/icons-react';
import type { NavItem } from '../../components/nav';

/** Catalog screens in the admin console side navigation (first in the admin nav). */
export const ADMIN_CATALOG_NAV: NavItem[] = [
  { to: 'catalog/categories', label: 'catalogAdmin.nav.categories', icon: IconCategory, permission: 'catalog:read' },
  { to: 'catalog/reviews', label: 'catalogAdmin.nav.reviews', icon: IconClipboardCheck, permission: 'content:review' },
  { to: 'catalog/products', label: 'catalogAdmin.nav.products', icon: IconPackage, permission: 'catalog:read' },
  { to: 'catalog/prices', label: 'catalogAdmin.nav.prices', icon: IconReceiptYuan, permission: 'catalog:read' },
  { to: 'catalog/price-display', label: 'catalogAdmin.nav.priceDisplay', icon: IconTag, permission: 'catalog:read' },
  { to: 'catalog/terms', label: 'catalogAdmin.nav.terms', icon: IconBan, permission: 'catalog:read' },
];
