import { IconBuildingBank, IconCash, IconClipboardList, IconCreditCard, IconFileInvoice, IconListDetails, IconMessageQuestion,
  IconPercentage, IconScale, IconShieldCheck, IconArrowsDiff } from '@tabler/icons-react';
import type { NavItem } from '../../components/nav';

/** 交易: orders and payments in the admin console side navigation. */
export const ADMIN_TRADE_NAV: NavItem[] = [
  { to: 'trade/orders', label: 'tradeStaff.nav.adminOrders', icon: IconClipboardList, permission: 'order:read', group: 'tradeStaff.nav.groupTrade' },
  { to: 'trade/payments', label: 'tradeStaff.nav.payments', icon: IconCreditCard, permission: 'payment:read', group: 'tradeStaff.nav.groupTrade' },
  { to: 'trade/risk', label: 'tradeStaff.nav.risk', icon: IconShieldCheck, permission: 'payment:read', group: 'tradeStaff.nav.groupTrade' },
  { to: 'trade/enquiries', label: 'tradeStaff.nav.enquiries', icon: IconMessageQuestion, permission: 'payment:read', group: 'tradeStaff.nav.groupTrade' },
  { to: 'trade/providers', label: 'tradeStaff.nav.providers', icon: IconBuildingBank, permission: 'payment:read', group: 'tradeStaff.nav.groupTrade' },
];
/** 财务: ledger, reconciliation and settlement in the admin console side navigation. */
export const ADMIN_FINANCE_NAV: NavItem[] = [
  { to: 'finance/ledger', label: 'tradeStaff.nav.ledger', icon: IconScale, permission: 'ledger:read', group: 'tradeStaff.nav.groupFinance' },
  { to: 'finance/entries', label: 'tradeStaff.nav.entries', icon: IconListDetails, permission: 'ledger:read', group: 'tradeStaff.nav.groupFinance' },
  { to: 'finance/reconciliation', label: 'tradeStaff.nav.reconciliation', icon: IconArrowsDiff, permission: 'payment:read', group: 'tradeStaff.nav.groupFinance' },
  { to: 'finance/statements', label: 'tradeStaff.nav.statements', icon: IconFileInvoice, permission: 'finance:manage', group: 'tradeStaff.nav.groupFinance' },
  { to: 'finance/payouts', label: 'tradeStaff.nav.payouts', icon: IconCash, permission: 'finance:manage', group: 'tradeStaff.nav.groupFinance' },
  { to: 'finance/settings', label: 'tradeStaff.nav.financeSettings', icon: IconPercentage, permission: 'finance:manage', group: 'tradeStaff.nav.groupFinance' },
];
