import type { NavItem } from '../../components/nav';

/** catalog screens in the admin console side navigation. */
export const ADMIN_CATALOG_NAV: NavItem[] = [];
/** catalog screens in the seller center side navigation. */
export const SELLER_CATALOG_NAV: NavItem[] = [];
