import { Alert, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCircleCheck, IconCurrencyYuan, IconHourglass } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Field } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { keys, PRICE_TYPES, type CategoryRule, type PriceBody, type PriceChange, type PriceType, type Product, type ProductSku, type SkuContent } from './api';
import { CatalogProblem } from './CatalogProblem';
import { withData } from './data-text';
import { money, priceTypeLabel } from './labels';
import { priceRejectedText } from './listing-rules';
import { parseYuan, yuanField } from './yuan';

/** The API's reasons for holding a price change (English sentences joined by "; ") in the UI language. */
/** Why a price change waits for approval: from the API's structured reasons, else (older records) from its English text. */
export function approvalReasons(t: TFunction, lng: string, change: Pick<PriceChange, 'needsApprovalBecause' | 'approvalReasons'>): string[] {
  if (change.approvalReasons.length) {
    return change.approvalReasons.map((r) => (r.kind === 'threshold'
      ? t('catalog.price.because.threshold', { pct: String(r.changePct), threshold: String(r.thresholdPct) })
      : t('catalog.price.because.discount', { max: String(r.maxDiscountPct) })));
  }
  const because = change.needsApprovalBecause;
  if (!because) return [];
  return because.split('; ').map((r) => {
    let m = /changes by ([\d.]+) %, above the (\d+) % threshold/.exec(r);
    if (m) return t('catalog.price.because.threshold', { pct: m[1], threshold: m[2] });
    m = /more than (\d+) % below the reference price/.exec(r);
    if (m) return t('catalog.price.because.discount', { max: m[1] });
    return lng === 'en' ? r : t('catalog.price.because.other');
  });
}

/** "+12.5%" / "−8%" for a change percentage. */
export function pctText(pct: number | null, before?: number, after?: number): string {
  if (pct === null) return '—';
  const down = before !== undefined && after !== undefined && after < before;
  return `${down ? '−' : pct === 0 ? '±' : '+'}${pct}%`;
}

type PriceValues = {
  priceType: PriceType; retail: string; member: string; list: string;
  authority: string; documentNo: string; base: string; min: string; max: string; reason: string;
};

function priceBody(v: PriceValues): PriceBody {
  const gov = v.priceType === 'government_guided' || v.priceType === 'government_fixed';
  const base = parseYuan(v.base) ?? 0;
  return {
    priceType: v.priceType,
    retail: v.priceType === 'government_fixed' ? base : parseYuan(v.retail) ?? 0,
    member: v.member.trim() ? parseYuan(v.member) : null,
    list: v.list.trim() ? parseYuan(v.list) : null,
    government: gov ? {
      authority: v.authority.trim(), documentNo: v.documentNo.trim(), basePrice: base,
      ...(v.priceType === 'government_guided' ? { minPrice: parseYuan(v.min) ?? 0, maxPrice: parseYuan(v.max) ?? 0 } : {}),
    } : null,
    reason: v.reason.trim(),
  };
}

/** The dialog's input a catalog.price_rejected problem is about (its `field` and `reason`), if it is on screen. */
function rejectedInput(body: Record<string, unknown>, type: PriceType): keyof PriceValues | null {
  switch (body.field) {
    case 'priceType': case 'member': case 'list': return body.field;
    case 'retail': return type === 'government_fixed' ? 'base' : 'retail';
    case 'government': return body.reason === 'government_range_missing' ? 'max' : 'authority';
    default: return null;
  }
}

function PriceModal({ sku, spec, rule, productId, onClose }: { sku: ProductSku; spec: string; rule?: CategoryRule; productId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const cur = sku.price;
  const allowed = (rule?.allowedPriceTypes ?? [...PRICE_TYPES]) as PriceType[];
  const startType = cur && allowed.includes(cur.priceType) ? cur.priceType : allowed[0] ?? 'market';
  const amount = (text: string) => (text.trim() ? null : t('validation.required'));
  const optional = (text: string) => (!text.trim() || parseYuan(text) !== null ? null : t('catalog.price.err.amount'));
  const form = useForm<PriceValues>({
    initialValues: {
      priceType: startType, retail: yuanField(cur?.retail.amount), member: yuanField(cur?.member?.amount), list: yuanField(cur?.list?.amount),
      authority: cur?.government?.authority ?? '', documentNo: cur?.government?.documentNo ?? '', base: yuanField(cur?.government?.basePrice),
      min: yuanField(cur?.government?.minPrice), max: yuanField(cur?.government?.maxPrice), reason: '',
    },
    validate: (v) => {
      const e: Record<string, string | null> = {};
      const gov = v.priceType === 'government_guided' || v.priceType === 'government_fixed';
      if (v.priceType !== 'government_fixed') {
        e.retail = amount(v.retail) ?? (parseYuan(v.retail) === null ? t('catalog.price.err.amount') : null);
        if (!e.retail && parseYuan(v.retail) === 0 && v.priceType !== 'negotiated') e.retail = t('catalog.price.err.zero');
      }
      e.member = optional(v.member);
      e.list = optional(v.list);
      if (gov) {
        e.authority = amount(v.authority);
        e.documentNo = amount(v.documentNo);
        e.base = amount(v.base) ?? (parseYuan(v.base) === null ? t('catalog.price.err.amount') : null);
      }
      if (v.priceType === 'government_guided') {
        e.min = amount(v.min) ?? optional(v.min);
        e.max = amount(v.max) ?? optional(v.max);
        const lo = parseYuan(v.min); const hi = parseYuan(v.max); const r = parseYuan(v.retail);
        if (!e.max && lo !== null && hi !== null && lo > hi) e.max = t('catalog.price.err.range');
        if (!e.retail && r !== null && lo !== null && hi !== null && (r < lo || r > hi)) e.retail = t('catalog.price.err.outside');
      }
      const b = priceBody(v);
      if (!e.member && b.member != null && b.member > b.retail) e.member = t('catalog.price.err.member');
      if (!e.list && b.list != null && b.list < b.retail) e.list = t('catalog.price.err.list');
      if (!v.reason.trim()) e.reason = t('catalog.price.err.reason');
      return Object.fromEntries(Object.entries(e).filter(([, x]) => x));
    },
  });
  const set = useMutation({
    mutationFn: (v: PriceValues) => unwrap(api.PUT('/api/seller/skus/{id}/price', { params: { path: { id: sku.id } }, body: priceBody(v) })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.product(productId) });
      void qc.invalidateQueries({ queryKey: ['seller-catalog', 'price-changes'] });
      void qc.invalidateQueries({ queryKey: keys.priceDisplay });
    },
    // A refused price also marks the input it concerns (the problem's `field`), beside the alert.
    onError: (e) => {
      if (!(e instanceof ApiError) || e.code !== 'catalog.price_rejected') return;
      const at = rejectedInput(e.body, form.values.priceType);
      if (at) form.setFieldError(at, priceRejectedText(t, i18n.language, e.body));
    },
  });
  const v = form.values;
  const gov = v.priceType === 'government_guided' || v.priceType === 'government_fixed';
  const preview = priceBody(v);
  // The change against the live price, in basis points with integers only, as the API computes it.
  const changeBp = cur && cur.retail.amount > 0 && (v.priceType === 'government_fixed' ? parseYuan(v.base) : parseYuan(v.retail)) !== null
    ? Math.round((Math.abs(preview.retail - cur.retail.amount) * 10_000) / cur.retail.amount) : null;
  const threshold = rule?.pricing.approvalThresholdPct;
  const res = set.data;
  const yuan = (p: string) => ({ leftSection: <Text size="sm" c="dimmed">¥</Text>, inputMode: 'decimal' as const, ...form.getInputProps(p) });

  return (
    <Modal opened onClose={onClose} title={withData((m) => t(cur ? 'catalog.price.titleChange' : 'catalog.price.title', { code: m(0) }), [sku.code])} size="lg">
      {res ? (
        <Stack gap="md" data-testid="price-result" data-status={res.status}>
          {res.status === 'applied' ? (
            <Alert color="green" icon={<IconCircleCheck size={20} />} title={t('catalog.price.applied')}>
              <Text size="sm">{t('catalog.price.appliedBody', { price: money(res.change.after.retail, i18n.language) })}</Text>
            </Alert>
          ) : (
            <Alert color="yellow" icon={<IconHourglass size={20} />} title={t('catalog.price.pending')}>
              <Stack gap={4}>
                <Text size="sm">{t('catalog.price.pendingBody', { price: money(res.change.after.retail, i18n.language) })}</Text>
                {approvalReasons(t, i18n.language, res.change).map((r, i) => (
                  <Text size="sm" key={i} data-testid="price-pending-reason">• {r}</Text>
                ))}
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end"><Button onClick={onClose} data-testid="price-result-close">{t('common.close')}</Button></Group>
        </Stack>
      ) : (
        <form noValidate onSubmit={form.onSubmit((x) => set.mutate(x))} data-testid="price-form">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">{spec}</Text>
            <Select label={t('catalog.fields.priceType')} withAsterisk allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="price-type"
              data={allowed.map((p) => ({ value: p, label: priceTypeLabel(t, p) }))} {...form.getInputProps('priceType')}
              description={t(`catalog.priceTypeHint.${v.priceType}`)} />
            {gov && (
              <Card withBorder radius="md" padding="sm" bg="var(--mantine-color-gray-0)">
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TextInput label={t('catalog.fields.gov.authority')} withAsterisk maxLength={80} {...form.getInputProps('authority')} data-testid="gov-authority" />
                  <TextInput label={t('catalog.fields.gov.documentNo')} withAsterisk maxLength={80} {...form.getInputProps('documentNo')} data-testid="gov-document" />
                  <TextInput label={t('catalog.fields.gov.basePrice')} withAsterisk {...yuan('base')} data-testid="gov-base" />
                  {v.priceType === 'government_guided' && (
                    <Group grow gap="xs" align="flex-start">
                      <TextInput label={t('catalog.fields.gov.minPrice')} withAsterisk {...yuan('min')} data-testid="gov-min" />
                      <TextInput label={t('catalog.fields.gov.maxPrice')} withAsterisk {...yuan('max')} data-testid="gov-max" />
                    </Group>
                  )}
                </SimpleGrid>
              </Card>
            )}
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              {v.priceType === 'government_fixed'
                ? <TextInput label={t('catalog.fields.retail')} readOnly value={yuanField(parseYuan(v.base))} leftSection={<Text size="sm" c="dimmed">¥</Text>}
                  description={t('catalog.price.fixedHint')} />
                : <TextInput label={t('catalog.fields.retail')} withAsterisk {...yuan('retail')} data-testid="price-retail" />}
              <TextInput label={t('catalog.fields.member')} withAsterisk={rule?.priceTagRequired.includes('memberPrice')} {...yuan('member')} data-testid="price-member" />
              <TextInput label={t('catalog.fields.list')} withAsterisk={rule?.priceTagRequired.includes('listPrice')} {...yuan('list')} data-testid="price-list"
                description={t('catalog.price.listHint')} />
            </SimpleGrid>
            {changeBp !== null && (
              <Text size="sm" c={threshold !== undefined && changeBp > threshold * 100 ? 'orange.8' : 'dimmed'} data-testid="price-change-preview">
                {t('catalog.price.preview', { from: money(cur!.retail, i18n.language), pct: (changeBp / 100).toFixed(1) })}
                {threshold !== undefined && changeBp > threshold * 100 ? t('catalog.price.previewApproval', { threshold }) : ''}
              </Text>
            )}
            <Textarea label={t('catalog.fields.reason')} withAsterisk autosize minRows={2} maxLength={200} placeholder={t('catalog.price.reasonPlaceholder')}
              {...form.getInputProps('reason')} data-testid="price-reason" />
            <CatalogProblem error={set.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={set.isPending} data-testid="price-save">{t('catalog.price.save')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function PendingLine({ change }: { change: PriceChange }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert color="yellow" variant="light" p="xs" icon={<IconHourglass size={16} />} data-testid="sku-pending-change">
      <Stack gap={2}>
        <Text size="sm">
          {t('catalog.price.pendingLine', { from: money(change.before?.retail, i18n.language), to: money(change.after.retail, i18n.language),
            time: formatDateTime(change.createdAt, i18n.language) })}
        </Text>
        {approvalReasons(t, i18n.language, change).map((r, i) => <Text size="xs" c="dimmed" key={i}>{r}</Text>)}
      </Stack>
    </Alert>
  );
}

function SkuPriceCard({ sku, content, pending, canPrice, onEdit }: {
  sku: ProductSku; content?: SkuContent; pending?: PriceChange; canPrice: boolean; onEdit: () => void;
}) {
  const { t, i18n } = useTranslation();
  const p = sku.price;
  return (
    <Card withBorder radius="md" padding="md" data-testid="sku-price" data-sku-code={sku.code} data-priced={p ? 'true' : 'false'}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600} translate="no">{sku.code}</Text>
              {sku.pendingPriceChangeId && <Badge color="yellow" variant="light" data-testid="sku-pending-badge">{t('catalog.price.pendingBadge')}</Badge>}
            </Group>
            {content?.specification && <Text size="sm" c="dimmed">{content.specification}</Text>}
          </Stack>
          {canPrice && (
            <Button size="xs" variant={p ? 'default' : 'filled'} leftSection={<IconCurrencyYuan size={14} />} onClick={onEdit} data-testid="sku-price-edit">
              {p ? t('catalog.price.change') : t('catalog.price.set')}
            </Button>
          )}
        </Group>
        {p ? (
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Field label={t('catalog.fields.priceType')}><Badge variant="light" color="gray" tt="none">{priceTypeLabel(t, p.priceType)}</Badge></Field>
            <Field label={t('catalog.fields.retail')}><Text fw={700} size="lg" data-testid="sku-retail">{money(p.retail, i18n.language)}</Text></Field>
            <Field label={t('catalog.fields.member')}>{money(p.member, i18n.language)}</Field>
            <Field label={t('catalog.fields.list')}>{money(p.list, i18n.language)}</Field>
            {p.government && (
              <>
                <Field label={t('catalog.fields.gov.authority')}>{p.government.authority}</Field>
                <Field label={t('catalog.fields.gov.documentNo')}><span translate="no">{p.government.documentNo}</span></Field>
                <Field label={t('catalog.fields.gov.basePrice')}>{money({ amount: p.government.basePrice, currency: p.retail.currency }, i18n.language)}</Field>
                {p.government.minPrice !== undefined && p.government.maxPrice !== undefined && (
                  <Field label={t('catalog.price.range')}>
                    {money({ amount: p.government.minPrice, currency: p.retail.currency }, i18n.language)} – {money({ amount: p.government.maxPrice, currency: p.retail.currency }, i18n.language)}
                  </Field>
                )}
              </>
            )}
          </SimpleGrid>
        ) : (
          <Group gap="xs"><IconAlertTriangle size={16} color="var(--mantine-color-orange-7)" /><Text size="sm" c="orange.8">{t('catalog.price.none')}</Text></Group>
        )}
        {p && <Text size="xs" c="dimmed">{t('catalog.price.updated', { time: formatDateTime(p.updatedAt, i18n.language) })}</Text>}
        {pending && <PendingLine change={pending} />}
      </Stack>
    </Card>
  );
}

/** Prices of a product's SKUs: current values, a pending change, and the "调价" form limited to the category's price types. */
export function PricePanel({ product, rule }: { product: Product; rule?: CategoryRule }) {
  const { t } = useTranslation();
  const me = useMe();
  const canPrice = can(me.data, 'price:manage');
  const [editing, setEditing] = useState<string | null>(null);
  const pending = useQuery({ queryKey: [...keys.productChanges(product.id), 'pending'], enabled: canPrice,
    queryFn: () => unwrap(api.GET('/api/seller/price-changes', { params: { query: { productId: product.id, status: 'pending', limit: '100' } } })) });
  const pendingBySku = new Map((pending.data?.items ?? []).map((c) => [c.skuId, c]));
  const skus = product.skus.filter((s) => s.status === 'active');
  const content = new Map(product.latest.content.skus.map((s) => [s.id, s]));
  const editingSku = skus.find((s) => s.id === editing);
  return (
    <Stack gap="md" data-testid="price-panel">
      {rule && (
        <Text size="sm" c="dimmed">
          {t('catalog.price.rules', { threshold: rule.pricing.approvalThresholdPct,
            types: rule.allowedPriceTypes.map((p) => priceTypeLabel(t, p)).join(t('catalog.listSeparator')) })}
          {rule.pricing.maxDiscountPct !== undefined ? t('catalog.price.maxDiscount', { pct: rule.pricing.maxDiscountPct }) : ''}
        </Text>
      )}
      {!canPrice && <Alert color="gray">{t('catalog.price.noPermission')}</Alert>}
      <CatalogProblem error={pending.error} />
      {skus.map((s) => (
        <SkuPriceCard key={s.id} sku={s} content={content.get(s.id)} pending={pendingBySku.get(s.id)} canPrice={canPrice} onEdit={() => setEditing(s.id)} />
      ))}
      {skus.length === 0 && <Text c="dimmed" size="sm">{t('catalog.price.noSkus')}</Text>}
      {editingSku && (
        <PriceModal key={editingSku.id} sku={editingSku} spec={content.get(editingSku.id)?.specification ?? ''} rule={rule} productId={product.id}
          onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}
