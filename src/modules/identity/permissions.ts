import type { OrgKind } from '@/platform/http/auth.js';

/**
 * Every permission in Shiji: `<resource>:<action>` (PL-IAM-03). Routes name one in `config.access`;
 * a route naming an unknown permission fails at start-up.
 */
export const PERMISSIONS = {
  // platform operator
  'org:read': 'View organisations',
  'org:manage': 'Create and change organisations',
  'staff:read': 'View staff accounts',
  'staff:manage': 'Create staff accounts, assign roles, revoke sessions',
  'role:manage': 'Create and change roles',
  'audit:read': 'Search the audit trail',
  'audit:verify': 'Verify the audit chain',
  'calendar:read': 'View working calendars',
  'calendar:manage': 'Edit working calendars, holidays and make-up days',
  'jobs:read': 'View jobs and dead letters',
  'jobs:manage': 'Retry or cancel jobs',
  'consumer:read': 'View consumer accounts (personal data, audited)',
  'qualification:review': 'Decide on qualification filings',
  'content:review': 'Review listings and content',
  'complaint:handle': 'Handle complaints and disputes',
  'finance:manage': 'Settlements, payouts and reconciliation',
  'quality:manage': 'Management system: objectives, risks, audits, reviews, corrective actions',
  'catalog:read': 'View every seller\'s products, prices and stock alerts',
  'category:manage': 'Edit categories, classification rules and moderation terms',
  'price:approve': 'Approve or reject price changes that need approval',
  'order:read': 'View every order, its payments and history',
  'refund:manage': 'Refund or cancel any order on a consumer\'s behalf',
  'payment:read': 'View payments, refunds, transfers and provider records',
  'payment:manage': 'Register payment providers, contracts and risk rules',
  'payment:review': 'Release or reject payments and refunds held by risk rules',
  'ledger:read': 'View the ledger, accounts and balances',
  // platform users (seller, delivery, payment provider), scoped to their own organisation
  'own_org:read': 'View own organisation profile',
  'own_staff:read': 'View own organisation staff',
  'own_staff:manage': 'Manage own organisation staff and their roles',
  'catalog:manage': 'Manage own products and listings',
  'price:manage': 'Set own prices and delivery fees',
  'stock:manage': 'Manage own warehouses and stock',
  'order:manage': 'Confirm and fulfil own orders',
  'settlement:read': 'View own settlement statements, payouts and ledger',
  'shipment:manage': 'Dispatch and handle assigned shipments',
  'shipment:deliver': 'Record pickup, handover and delivery of assigned shipments',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set(Object.keys(PERMISSIONS));

export type PredefinedRole = { key: string; orgKind: OrgKind; name: string; nameZh: string; permissions: Permission[] };

const ALL_OPERATOR: Permission[] = ['org:read', 'org:manage', 'staff:read', 'staff:manage', 'role:manage', 'audit:read',
  'audit:verify', 'calendar:read', 'calendar:manage', 'jobs:read', 'jobs:manage', 'consumer:read',
  'qualification:review', 'content:review', 'complaint:handle', 'finance:manage', 'quality:manage',
  'catalog:read', 'category:manage', 'price:approve', 'order:read', 'refund:manage', 'payment:read', 'payment:manage', 'payment:review',
  'ledger:read'];

/** Predefined roles per organisation kind (PL-IAM-03, PL-IAM-05). They are seeded and cannot be deleted. */
export const PREDEFINED_ROLES: PredefinedRole[] = [
  { key: 'operator_admin', orgKind: 'platform', name: 'Administrator', nameZh: '平台管理员', permissions: ALL_OPERATOR },
  { key: 'qualification_reviewer', orgKind: 'platform', name: 'Qualification reviewer', nameZh: '资质审核员',
    permissions: ['org:read', 'qualification:review', 'calendar:read'] },
  { key: 'content_reviewer', orgKind: 'platform', name: 'Content reviewer', nameZh: '内容审核员',
    permissions: ['org:read', 'content:review', 'catalog:read'] },
  { key: 'pricing_reviewer', orgKind: 'platform', name: 'Pricing reviewer', nameZh: '价格审核员',
    permissions: ['org:read', 'catalog:read', 'price:approve'] },
  { key: 'category_manager', orgKind: 'platform', name: 'Category manager', nameZh: '类目管理员',
    permissions: ['org:read', 'catalog:read', 'category:manage'] },
  { key: 'customer_service', orgKind: 'platform', name: 'Customer service', nameZh: '客服专员',
    permissions: ['org:read', 'consumer:read', 'complaint:handle', 'calendar:read', 'order:read', 'refund:manage', 'payment:read'] },
  { key: 'finance', orgKind: 'platform', name: 'Finance', nameZh: '财务专员',
    permissions: ['org:read', 'finance:manage', 'order:read', 'payment:read', 'payment:review', 'ledger:read'] },
  { key: 'quality_manager', orgKind: 'platform', name: 'Quality manager', nameZh: '质量管理员',
    permissions: ['org:read', 'quality:manage', 'audit:read', 'calendar:read', 'jobs:read'] },
  { key: 'auditor', orgKind: 'platform', name: 'Auditor', nameZh: '内部审计员',
    permissions: ['org:read', 'staff:read', 'audit:read', 'audit:verify', 'calendar:read', 'jobs:read'] },
  { key: 'seller_owner', orgKind: 'seller', name: 'Owner', nameZh: '店主',
    permissions: ['own_org:read', 'own_staff:read', 'own_staff:manage', 'catalog:manage', 'price:manage', 'stock:manage', 'order:manage', 'settlement:read'] },
  { key: 'seller_staff', orgKind: 'seller', name: 'Staff', nameZh: '店铺员工',
    permissions: ['own_org:read', 'own_staff:read', 'catalog:manage', 'price:manage', 'stock:manage', 'order:manage'] },
  { key: 'delivery_dispatcher', orgKind: 'delivery', name: 'Dispatcher', nameZh: '调度员',
    permissions: ['own_org:read', 'own_staff:read', 'own_staff:manage', 'shipment:manage', 'shipment:deliver'] },
  { key: 'delivery_courier', orgKind: 'delivery', name: 'Courier', nameZh: '配送员',
    permissions: ['own_org:read', 'shipment:deliver'] },
  { key: 'payment_admin', orgKind: 'payment', name: 'Administrator', nameZh: '支付机构管理员',
    permissions: ['own_org:read', 'own_staff:read', 'own_staff:manage'] },
];

/** Permissions an organisation of a kind may ever grant to its own staff. */
export function grantablePermissions(kind: OrgKind): ReadonlySet<Permission> {
  return new Set(PREDEFINED_ROLES.filter((r) => r.orgKind === kind).flatMap((r) => r.permissions));
}
