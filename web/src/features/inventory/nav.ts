import type { NavItem } from '../../components/nav';

/** inventory screens in the admin console side navigation. */
export const ADMIN_INVENTORY_NAV: NavItem[] = [];
/** inventory screens in the seller center side navigation. */
export const SELLER_INVENTORY_NAV: NavItem[] = [];
