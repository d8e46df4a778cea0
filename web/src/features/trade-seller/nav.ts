import { IconClipboardList, IconReportMoney } from '@tabler/icons-react';
import type { NavItem } from '../../components/nav';

/** Trade screens in the seller center side navigation (first: orders are the daily work). */
export const SELLER_TRADE_NAV: NavItem[] = [
  { to: 'orders', label: 'tradeStaff.nav.sellerOrders', icon: IconClipboardList, permission: 'order:manage' },
  { to: 'settlements', label: 'tradeStaff.nav.sellerSettlements', icon: IconReportMoney, permission: 'settlement:read' },
];
