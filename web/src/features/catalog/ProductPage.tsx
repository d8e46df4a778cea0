import { Alert, Anchor, Badge, Breadcrumbs, Button, Card, Code, Group, Modal, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconClock, IconEye, IconEyeOff, IconFlag, IconGavel, IconHourglass, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { keys, useCategories, useProduct, useRule, type Product } from './api';
import { CatalogProblem, fieldName } from './CatalogProblem';
import { categoryPaths } from './categories';
import { ProductStatusBadge } from './labels';
import { PricePanel } from './PricePanel';
import { ProductForm } from './ProductForm';
import { ProductHistory, ProductVersions } from './ProductHistory';
import { ScheduleModal, ScheduleSummary } from './ShelfSchedule';

function Crumbs({ current }: { current: string }) {
  const { t } = useTranslation();
  return (
    <Breadcrumbs separator="›">
      <Anchor component={Link} to="/seller/products" size="sm">{t('catalog.list.title')}</Anchor>
      <Text size="sm" c="dimmed" lineClamp={1} translate="no">{current}</Text>
    </Breadcrumbs>
  );
}

/** 发布商品: a new product in draft; then its page opens at the prices tab (a product needs prices before review). */
export function ProductNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Page title={t('catalog.edit.newTitle')} description={t('catalog.edit.newHint')}>
      <Crumbs current={t('catalog.edit.newTitle')} />
      <ProductForm onCreated={(p) => navigate(`/seller/products/${p.id}?tab=prices`)} />
    </Page>
  );
}

/** "在售版本 v3，待审核 v4" — which version the shop shows and which one is in the works. */
export function versionSummary(t: TFunction, p: Product, lng: string): string {
  const latest = p.latest;
  const live = p.liveVersion;
  const liveText = live ? t(p.live ? 'catalog.versions.liveN' : 'catalog.versions.approvedN', { n: live.versionNo }) : null;
  if (live && live.id === latest.id) return liveText!;
  const latestText = p.pendingVersionId === latest.id ? t('catalog.versions.pendingN', { n: latest.versionNo })
    : latest.state === 'rejected' ? t('catalog.versions.rejectedN', { n: latest.versionNo })
      : latest.state === 'draft' ? t('catalog.versions.draftN', { n: latest.versionNo })
        : t('catalog.versions.latestN', { n: latest.versionNo });
  const text = liveText ? `${liveText}${t('catalog.comma')}${latestText}` : latestText;
  return lng === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function OffShelfModal({ product, onClose }: { product: Product; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useForm({ initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim().length >= 2 ? null : t('catalog.shelf.reasonRule')) } });
  const off = useMutation({
    mutationFn: (reason: string) => unwrap(api.POST('/api/seller/products/{id}/off-shelf', { params: { path: { id: product.id } }, body: { reason } })),
    onSuccess: (p) => {
      qc.setQueryData(keys.product(p.id), p);
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('catalog.shelf.offDone') });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('catalog.shelf.offTitle')}>
      <form noValidate onSubmit={form.onSubmit((v) => off.mutate(v.reason.trim()))} data-testid="off-shelf-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">{t('catalog.shelf.offHint')}</Text>
          <Textarea label={t('catalog.fields.reason')} withAsterisk autosize minRows={2} maxLength={500} data-autofocus
            {...form.getInputProps('reason')} data-testid="off-shelf-reason" />
          <CatalogProblem error={off.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" color="red" loading={off.isPending} data-testid="off-shelf-confirm">{t('catalog.shelf.off')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Status, versions and the alerts a seller must act on: rejection reason, platform takedown, quality-claim flags. */
function ProductHeader({ product }: { product: Product }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const categories = useCategories();
  const [offOpen, setOffOpen] = useState(false);
  const [scheduleOpen, setScheduleOpen] = useState(false);
  const on = useMutation({
    mutationFn: () => unwrap(api.POST('/api/seller/products/{id}/on-shelf', { params: { path: { id: product.id } } })),
    onSuccess: (p) => {
      qc.setQueryData(keys.product(p.id), p);
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('catalog.shelf.onDone') });
    },
  });
  const latest = product.latest;
  const category = categoryPaths(categories.data ?? [], i18n.language).get(product.categoryId)?.label ?? product.categoryId;
  const canReshelve = !product.live && Boolean(product.liveVersion) && product.offShelfBy !== 'operator';
  return (
    <Card withBorder radius="lg" padding="md" data-testid="product-header">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap="xs">
              <ProductStatusBadge status={product.status} size="lg" data-testid="product-status" />
              <Text size="sm" fw={500} data-testid="product-versions-summary">{versionSummary(t, product, i18n.language)}</Text>
            </Group>
            <Text size="sm" c="dimmed">
              {t('catalog.edit.category')}{t('catalog.colon')}{category}
              {' · '}{t('catalog.edit.updated', { time: formatDateTime(product.updatedAt, i18n.language) })}
            </Text>
            <Text size="xs" c="dimmed" translate="no">{product.id}</Text>
          </Stack>
          <Group gap="sm">
            {product.live && (
              <Button variant="default" color="red" leftSection={<IconEyeOff size={16} />} onClick={() => setOffOpen(true)} data-testid="product-off-shelf">
                {t('catalog.shelf.off')}
              </Button>
            )}
            {canReshelve && (
              <Button variant="light" leftSection={<IconEye size={16} />} loading={on.isPending} onClick={() => on.mutate()} data-testid="product-on-shelf">
                {t('catalog.shelf.on')}
              </Button>
            )}
            {(product.liveVersion || product.scheduledOnAt || product.scheduledOffAt) && (
              <Button variant="default" leftSection={<IconClock size={16} />} onClick={() => setScheduleOpen(true)} data-testid="product-schedule">
                {t('catalog.schedule.button')}
              </Button>
            )}
          </Group>
        </Group>
        <CatalogProblem error={on.error} onClose={() => on.reset()} />
        <ScheduleSummary product={product} />
        {product.status === 'in_review' && (
          <Alert color="blue" variant="light" icon={<IconHourglass size={18} />} title={t('catalog.edit.inReviewTitle', { n: latest.versionNo })} data-testid="product-in-review">
            <Text size="sm">{product.liveVersion ? t('catalog.edit.inReviewLive', { n: product.liveVersion.versionNo }) : t('catalog.edit.inReviewBody')}</Text>
          </Alert>
        )}
        {latest.state === 'rejected' && (
          <Alert color="red" variant="light" icon={<IconX size={18} />} title={t('catalog.edit.rejectedTitle', { n: latest.versionNo })} data-testid="product-rejection">
            <Text size="sm">{t('catalog.edit.rejectedReason')}{t('catalog.colon')}<span data-testid="product-rejection-reason" translate="no">{latest.decisionReason ?? '—'}</span></Text>
            <Text size="sm" c="dimmed" mt={4}>{t('catalog.edit.rejectedHint')}</Text>
          </Alert>
        )}
        {!product.live && product.offShelfBy === 'operator' && (
          <Alert color="red" variant="light" icon={<IconGavel size={18} />} title={t('catalog.edit.takenDownTitle')} data-testid="product-takedown">
            <Text size="sm">{t('catalog.edit.rejectedReason')}{t('catalog.colon')}<span translate="no">{product.offShelfReason ?? '—'}</span></Text>
            <Text size="sm" c="dimmed" mt={4}>{t('catalog.edit.takenDownHint')}</Text>
          </Alert>
        )}
        {!product.live && product.offShelfBy === 'seller' && (
          <Alert color="gray" variant="light" icon={<IconEyeOff size={18} />} title={t('catalog.edit.offShelfTitle')}>
            <Text size="sm">{t('catalog.edit.rejectedReason')}{t('catalog.colon')}<span translate="no">{product.offShelfReason ?? '—'}</span></Text>
          </Alert>
        )}
        {latest.flags.length > 0 && (
          <Alert color="orange" variant="light" icon={<IconFlag size={18} />} title={t('catalog.edit.flagsTitle')} data-testid="product-flags">
            <Text size="sm">{t('catalog.edit.flagsBody')}</Text>
            <Group gap={6} mt={6}>
              {latest.flags.map((f, i) => (
                <Badge key={i} color="orange" variant="light" tt="none">
                  {fieldName(t, i18n.language, f.field)}{t('catalog.colon')}<Code fz="xs" bg="transparent" translate="no">{f.term}</Code>
                </Badge>
              ))}
            </Group>
          </Alert>
        )}
        {product.skus.some((s) => s.status === 'active' && !s.price) && (
          <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="product-unpriced"><IconAlertTriangle size={16} color="var(--mantine-color-orange-7)" style={{ flex: 'none', marginTop: 3 }} />
            <Text size="sm" c="orange.8">{t('catalog.edit.unpriced')}</Text></Group>
        )}
      </Stack>
      {offOpen && <OffShelfModal product={product} onClose={() => setOffOpen(false)} />}
      {scheduleOpen && <ScheduleModal product={product} onClose={() => setScheduleOpen(false)} />}
    </Card>
  );
}

const TABS = ['info', 'prices', 'history', 'versions'] as const;
type Tab = (typeof TABS)[number];

/** One product: header with status and shelf actions, then tabs for the content form, SKU prices, history and versions. */
export function ProductDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const product = useProduct(id);
  const rule = useRule(product.data?.categoryId);
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab') as Tab : 'info';
  const setTab = (v: string | null) => setParams((p) => { const n = new URLSearchParams(p); n.set('tab', v ?? 'info'); return n; }, { replace: true });
  if (product.isPending) return <Loading />;
  if (product.error) return <Page title={t('catalog.list.title')}><CatalogProblem error={product.error} /></Page>;
  const p = product.data;
  return (
    <Page title={<span data-testid="product-title-heading" translate="no">{p.title}</span>}>
      <Crumbs current={p.title} />
      <ProductHeader product={p} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="info" data-testid="tab-info">{t('catalog.edit.tabInfo')}</Tabs.Tab>
          {can(me.data, 'price:manage') && (
            <Tabs.Tab value="prices" data-testid="tab-prices"
              rightSection={p.skus.some((s) => s.pendingPriceChangeId) ? <Badge size="xs" color="yellow" circle>!</Badge> : undefined}>
              {t('catalog.edit.tabPrices')}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="history" data-testid="tab-history">{t('catalog.edit.tabHistory')}</Tabs.Tab>
          <Tabs.Tab value="versions" data-testid="tab-versions">{t('catalog.edit.tabVersions')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="info" pt="md">
          <ProductForm key={p.id} product={p} onNeedPrices={() => setTab('prices')} />
        </Tabs.Panel>
        <Tabs.Panel value="prices" pt="md"><PricePanel product={p} rule={rule.data} /></Tabs.Panel>
        <Tabs.Panel value="history" pt="md"><ProductHistory product={p} /></Tabs.Panel>
        <Tabs.Panel value="versions" pt="md"><ProductVersions product={p} /></Tabs.Panel>
      </Tabs>
    </Page>
  );
}
