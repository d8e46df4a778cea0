import { Badge, Group, Mark, Stack, Tabs, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconChartBar, IconSitemap } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatMoney, type Money } from '../../lib/money';

export type Category = Schemas['Category'];
export type Rule = Schemas['CategoryRule'];
export type RuleBody = Schemas['CategoryRuleBody'];
export type AttributeDef = RuleBody['attributes'][number];
export type Product = Schemas['Product'];
export type ProductSummary = Schemas['ProductSummary'];
export type Version = Schemas['ProductVersion'];
export type Content = Schemas['ProductContent'];
export type PriceValues = Schemas['PriceValues'];
export type PriceChange = Schemas['PriceChange'];
export type ReviewItem = Schemas['ReviewItem'];
export type Term = Schemas['ModerationTerm'];
export type ProductEvent = Schemas['ProductEvent'];
export type Flag = Version['flags'][number];
export type ProductStatus = Product['status'];
export type VersionState = Version['state'];
export type PriceChangeStatus = PriceChange['status'];
export type PriceType = RuleBody['allowedPriceTypes'][number];
export type PriceTagField = RuleBody['priceTagRequired'][number];

export const PRODUCT_STATUSES: ProductStatus[] = ['in_review', 'on_shelf', 'off_shelf', 'rejected', 'draft'];
export const PRICE_TYPES: PriceType[] = ['market', 'government_guided', 'government_fixed', 'negotiated', 'bidding'];
export const PRICE_TAG_FIELDS: PriceTagField[] = ['origin', 'grade', 'specification', 'listPrice', 'memberPrice', 'pricingOfficer', 'supervisionContact'];
export const CHANGE_STATUSES: PriceChangeStatus[] = ['pending', 'applied', 'approved', 'rejected', 'withdrawn'];

/** Query keys of the admin catalog; invalidating ['admin', 'catalog'] refreshes every screen here. */
export const keys = {
  all: ['admin', 'catalog'] as const,
  categories: ['admin', 'catalog', 'categories'] as const,
  category: (id: string) => ['admin', 'catalog', 'category', id] as const,
  rules: (id: string) => ['admin', 'catalog', 'rules', id] as const,
  reviews: ['admin', 'catalog', 'reviews'] as const,
  products: ['admin', 'catalog', 'products'] as const,
  product: (id: string) => ['admin', 'catalog', 'product', id] as const,
  version: (id: string) => ['admin', 'catalog', 'version', id] as const,
  prices: ['admin', 'catalog', 'prices'] as const,
  terms: ['admin', 'catalog', 'terms'] as const,
  priceDisplay: ['admin', 'catalog', 'price-display-issues'] as const,
};

/** The whole category tree (small: one request), with lookups by id and names in the UI language. */
export function useCategories() {
  const { i18n } = useTranslation();
  const q = useQuery({ queryKey: keys.categories, queryFn: () => unwrap(api.GET('/api/admin/catalog/categories')) });
  const items = q.data?.items ?? [];
  const byId = new Map(items.map((c) => [c.id, c]));
  const en = i18n.language === 'en';
  const name = (c: Pick<Category, 'name' | 'nameEn'> | undefined | null) => (c ? (en ? c.nameEn : c.name) : '');
  const nameOf = (id: string | null | undefined) => (id ? name(byId.get(id)) || id : '');
  const pathOf = (id: string | null | undefined) => {
    const c = id ? byId.get(id) : undefined;
    if (!c) return id ?? '';
    return c.path.map((p) => name(byId.get(p)) || p).join(' / ');
  };
  return { ...q, items, byId, en, name, nameOf, pathOf };
}

/** Display names of staff accounts (one page of 100; needs staff:read, else ids are shown). */
export function useAccountNames() {
  const { t } = useTranslation();
  const me = useMe();
  const q = useQuery({
    queryKey: ['admin', 'accounts', 'names', 'staff'], enabled: can(me.data, 'staff:read'), staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/admin/accounts', { params: { query: { kind: 'staff', limit: '100' } } })),
  });
  const names = new Map((q.data?.items ?? []).map((a) => [a.id, a.displayName]));
  return (id: string | null | undefined): string => {
    if (!id) return t('catalogAdmin.common.system');
    if (me.data && id === me.data.id) return t('catalogAdmin.common.you', { name: me.data.displayName });
    return names.get(id) ?? id;
  };
}

/** Sellers for the filter (needs org:read; without it the filter is not offered). */
export function useSellers() {
  const me = useMe();
  return useQuery({
    queryKey: ['admin', 'organisations', 'sellers'], enabled: can(me.data, 'org:read'), staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/admin/organisations', { params: { query: { kind: 'seller', limit: '100' } } })),
  });
}

/** Formatting in the UI language. */
export function useFmt() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return {
    lng,
    en: lng === 'en',
    money: (m: Money | number | null | undefined) => (m === null || m === undefined ? '—' : formatMoney(m, lng === 'en' ? 'en-US' : 'zh-CN')),
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, lng),
    date: (d: string | null | undefined) => (d ? formatDate(d, lng) : '—'),
    count: (n: number) => new Intl.NumberFormat(lng === 'en' ? 'en-US' : 'zh-CN').format(n),
    pct: (n: number) => new Intl.NumberFormat(lng === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 1 }).format(n),
    /** How long since a moment: 3 天 / 3 d. */
    since: (iso: string) => {
      const mins = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60_000));
      if (mins < 60) return t('catalogAdmin.duration.minutes', { count: mins });
      if (mins < 48 * 60) return t('catalogAdmin.duration.hours', { count: Math.round(mins / 60) });
      return t('catalogAdmin.duration.days', { count: Math.round(mins / 1440) });
    },
  };
}

const STATUS_COLOR: Record<ProductStatus, string> = { draft: 'gray', in_review: 'blue', rejected: 'red', on_shelf: 'green', off_shelf: 'orange' };
export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  return <Badge tt="none" variant="light" color={STATUS_COLOR[status]} data-status={status}>{t(`catalogAdmin.status.${status}`)}</Badge>;
}

const STATE_COLOR: Record<VersionState, string> = { draft: 'gray', submitted: 'blue', approved: 'green', rejected: 'red', superseded: 'gray', withdrawn: 'gray' };
export function VersionStateBadge({ state }: { state: VersionState }) {
  const { t } = useTranslation();
  return <Badge tt="none" variant="light" color={STATE_COLOR[state]} data-state={state}>{t(`catalogAdmin.versionState.${state}`)}</Badge>;
}

const CHANGE_COLOR: Record<PriceChangeStatus, string> = { applied: 'green', pending: 'yellow', approved: 'teal', rejected: 'red', withdrawn: 'gray' };
export function ChangeStatusBadge({ status }: { status: PriceChangeStatus }) {
  const { t } = useTranslation();
  return <Badge tt="none" variant="light" color={CHANGE_COLOR[status]} data-status={status}>{t(`catalogAdmin.prices.status.${status}`)}</Badge>;
}

/** Where a flag was found, in words: 标题, 属性「产地」, 第 2 个销售规格的规格名. */
export function flagFieldLabel(t: TFunction, field: string, attrLabel?: (key: string) => string): string {
  const m = /^attributes\.(.+)$/.exec(field);
  if (m) return t('catalogAdmin.flagField.attribute', { name: attrLabel ? attrLabel(m[1]!) : m[1] });
  const s = /^skus\.(\d+)\./.exec(field);
  if (s) return t('catalogAdmin.flagField.sku', { n: Number(s[1]) + 1 });
  if (field === 'title' || field === 'subtitle' || field === 'description' || field === 'brand') return t(`catalogAdmin.flagField.${field}`);
  return field;
}

/** The label–value separator of the UI language ("：" / ": "). */
export const colon = (t: TFunction) => t('problemText.issue', { field: '', message: '' });

/** "免检 出现在标题": the term (data) marked, the rest UI text. */
export function FlagText({ flag, attrLabel }: { flag: Flag; attrLabel?: (key: string) => string }) {
  const { t } = useTranslation();
  return <><Mark color="yellow" translate="no" px={2}>{flag.term}</Mark> {t('catalogAdmin.review.flagIn', { field: flagFieldLabel(t, flag.field, attrLabel) })}</>;
}

export function FlagBadges({ flags }: { flags: Flag[] }) {
  const { t } = useTranslation();
  if (flags.length === 0) return null;
  const terms = [...new Set(flags.map((f) => f.term))];
  return (
    <Tooltip label={<Stack gap={2}>{flags.map((f, i) => <Text key={i} size="xs"><FlagText flag={f} /></Text>)}</Stack>} multiline maw={320}>
      <Badge color="yellow.4" c="dark.8" variant="filled" leftSection={<IconAlertTriangle size={12} />} tt="none" data-testid="flag-badge"
        styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }} maw="100%">
        {t('catalogAdmin.reviews.flagged')}{colon(t)}<span translate="no">{terms.join(t('problemText.listSeparator'))}</span>
      </Badge>
    </Tooltip>
  );
}

/** Text with the given terms highlighted (quality claims in a submission). Data: never translated. */
export function Highlight({ text, terms }: { text: string; terms: string[] }): ReactNode {
  const needles = [...new Set(terms.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!text || needles.length === 0) return text;
  const re = new RegExp(`(${needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  const parts = text.split(re);
  return <>{parts.map((p, i) => (i % 2 ? <Mark key={i} color="yellow" data-testid="flag-mark">{p}</Mark> : <Fragment key={i}>{p}</Fragment>))}</>;
}

/** "the retail price changes by 42.0 %, above the 30 % threshold; …" → localized reasons (the API's text when unknown). */
export function approvalReasons(t: TFunction, change: Pick<PriceChange, 'needsApprovalBecause' | 'approvalReasons'>): Array<{ text: string; api: boolean }> {
  // Structured reasons first; the English text is only parsed for records older than them.
  if (change.approvalReasons.length) {
    return change.approvalReasons.map((r) => ({ api: false, text: r.kind === 'threshold'
      ? t('catalogAdmin.prices.needs.threshold', { change: String(r.changePct), threshold: String(r.thresholdPct) })
      : t('catalogAdmin.prices.needs.discount', { max: String(r.maxDiscountPct) }) }));
  }
  const text = change.needsApprovalBecause;
  if (!text) return [];
  return text.split(/;\s*/).filter(Boolean).map((part) => {
    let m = /changes by ([\d.]+) ?%, above the (\d+) ?% threshold/.exec(part);
    if (m) return { text: t('catalogAdmin.prices.needs.threshold', { change: m[1], threshold: m[2] }), api: false };
    m = /more than (\d+) ?% below the reference price/.exec(part);
    if (m) return { text: t('catalogAdmin.prices.needs.discount', { max: m[1] }), api: false };
    return { text: part, api: true };
  });
}

/** Old → new of a price field, struck through when it changed. */
export function PriceDelta({ before, after, strong }: { before: Money | null | undefined; after: Money | null | undefined; strong?: boolean }) {
  const f = useFmt();
  const changed = before !== undefined && (before?.amount ?? null) !== (after?.amount ?? null);
  if (!changed) return <Text span size="sm" fw={strong ? 600 : undefined}>{f.money(after)}</Text>;
  return (
    <Group gap={6} wrap="nowrap" component="span" style={{ display: 'inline-flex' }}>
      <Text span size="sm" c="dimmed" td={before ? 'line-through' : undefined}>{f.money(before)}</Text>
      <Text span size="sm" c="dimmed">→</Text>
      <Text span size="sm" fw={strong ? 700 : 500}>{f.money(after)}</Text>
    </Group>
  );
}

/** The category management page's tabs: the tree and the periodic report (MS-CAT-02). */
export function CategoryTabs({ value }: { value: 'tree' | 'report' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Tabs value={value} onChange={(v) => { if (v && v !== value) navigate(v === 'report' ? '/admin/catalog/category-report' : '/admin/catalog/categories'); }}>
      <Tabs.List>
        <Tabs.Tab value="tree" leftSection={<IconSitemap size={16} />} data-testid="tab-category-tree">{t('catalogAdmin.report.treeTab')}</Tabs.Tab>
        <Tabs.Tab value="report" leftSection={<IconChartBar size={16} />} data-testid="tab-category-report">{t('catalogAdmin.report.tab')}</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
