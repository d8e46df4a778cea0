import { Alert, Badge, Box, Button, Card, Group, Modal, Stack, Tabs, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconBan, IconClipboardCheck } from '@tabler/icons-react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { tData } from '../../lib/i18n-dynamic';
import { ContentView, type SkuPrices } from './ContentView';
import { ReasonModal } from './dialogs';
import { PriceChangeTable } from './PricesPage';
import { CatalogProblem } from './problem';
import { FlagBadges, keys, ProductStatusBadge, useAccountNames, useCategories, useFmt, VersionStateBadge, type Product, type ProductEvent,
  type Version } from './shared';

function eventDetail(t: TFunction, e: ProductEvent, ctx: { cat: (id: string) => string; sku: (id: string) => string; money: (n: number) => string }): string[] {
  const d = e.detail as Record<string, unknown>;
  const out: string[] = [];
  const sep = t('problemText.listSeparator');
  const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);
  if (typeof d.versionNo === 'number') out.push(t('catalogAdmin.product.eventDetail.version', { n: d.versionNo }));
  if (typeof d.ruleVersion === 'number') out.push(t('catalogAdmin.product.eventDetail.ruleVersion', { n: d.ruleVersion }));
  if (list(d.flags).length) out.push(t('catalogAdmin.product.eventDetail.flags', { terms: list(d.flags).join(sep) }));
  if (list(d.clearedFlags).length) out.push(t('catalogAdmin.product.eventDetail.clearedFlags', { terms: list(d.clearedFlags).join(sep) }));
  if (typeof d.categoryFrom === 'string' && typeof d.categoryTo === 'string') {
    out.push(t('catalogAdmin.product.eventDetail.categoryMove', { from: ctx.cat(d.categoryFrom), to: ctx.cat(d.categoryTo) }));
  }
  if (e.action === 'price_changed' && typeof d.skuId === 'string' && typeof d.retail === 'number') {
    out.push(t('catalogAdmin.product.eventDetail.price', { sku: ctx.sku(d.skuId), retail: ctx.money(d.retail) }));
  }
  return out;
}

function History({ product }: { product: Product }) {
  const { t } = useTranslation();
  const f = useFmt();
  const cats = useCategories();
  const nameOf = useAccountNames();
  const history = useQuery({ queryKey: [...keys.product(product.id), 'history'],
    queryFn: () => unwrap(api.GET('/api/admin/catalog/products/{id}/history', { params: { path: { id: product.id } } })) });
  if (history.isPending) return <Loading />;
  if (history.error) return <CatalogProblem error={history.error} />;
  const items = history.data.items;
  if (items.length === 0) return <Text c="dimmed" size="sm">{t('catalogAdmin.product.historyEmpty')}</Text>;
  const skuCode = new Map(product.skus.map((s) => [s.id, s.code]));
  return (
    <Card withBorder radius="lg" padding={0} data-testid="product-history">
      {items.map((e, i) => {
        const detail = eventDetail(t, e, { cat: (id) => cats.pathOf(id), sku: (id) => skuCode.get(id) ?? id, money: (n) => f.money(n) }).join(' · ');
        return (
          <Box key={e.id} px="md" py="sm" data-testid="history-row" data-action={e.action}
            style={i ? { borderTop: '1px solid var(--mantine-color-gray-2)' } : undefined}>
            <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
              <Group gap={8} wrap="wrap">
                <Text size="sm" fw={600}>{tData(t, `catalogAdmin.product.event.${e.action}`, e.action)}</Text>
                <Badge tt="none" size="sm" variant="light" color={e.actorKind === 'operator' ? 'grape' : e.actorKind === 'seller' ? 'brand' : 'gray'}>
                  {t(`catalogAdmin.actorKind.${e.actorKind}`)}
                </Badge>
                {e.actorId && <Text size="sm" c="dimmed" translate="no">{nameOf(e.actorId)}</Text>}
              </Group>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(e.createdAt)}</Text>
            </Group>
            {e.reason && <Text size="sm" mt={4} translate="no">{t('catalogAdmin.product.offReason', { reason: e.reason })}</Text>}
            {detail && <Text size="xs" c="dimmed" mt={2} translate="no">{detail}</Text>}
          </Box>
        );
      })}
    </Card>
  );
}

function Versions({ versions, product, prices }: { versions: Version[]; product: Product; prices: SkuPrices }) {
  const { t } = useTranslation();
  const f = useFmt();
  const nameOf = useAccountNames();
  const phone = useMediaQuery('(max-width: 48em)');
  const [open, setOpen] = useState<Version | null>(null);
  return (
    <Stack gap="sm" data-testid="product-versions">
      {versions.map((v) => (
        <Card key={v.id} withBorder radius="md" padding="md" data-testid="version-row" data-version={v.versionNo} data-state={v.state}>
          <Stack gap={6}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>{t('catalogAdmin.common.version', { n: v.versionNo })}</Text>
                <VersionStateBadge state={v.state} />
                {product.liveVersion?.id === v.id && <Badge tt="none" color="green" variant="filled" size="sm">{t('catalogAdmin.status.on_shelf')}</Badge>}
                <FlagBadges flags={v.flags} />
              </Group>
              <Group gap="xs">
                {v.id === product.pendingVersionId && (
                  <Button component={Link} to={`/admin/catalog/reviews/${v.id}`} size="compact-sm" variant="light">{t('catalogAdmin.product.goReview')}</Button>
                )}
                <Button size="compact-sm" variant="default" onClick={() => setOpen(v)} data-testid="version-view">{t('catalogAdmin.product.viewVersion')}</Button>
              </Group>
            </Group>
            <Text size="sm" translate="no">{v.content.title}</Text>
            <Text size="xs" c="dimmed">
              {t('catalogAdmin.common.createdAt')} {f.dateTime(v.createdAt)}
              {v.submittedAt && <> · {t('catalogAdmin.common.submittedAt')} {f.dateTime(v.submittedAt)}</>}
              {v.decidedAt && <> · {t('catalogAdmin.common.decidedAt')} {f.dateTime(v.decidedAt)}{v.decidedBy && <> · <span translate="no">{nameOf(v.decidedBy)}</span></>}</>}
            </Text>
            {v.decisionReason && <Text size="sm" translate="no">{t('catalogAdmin.product.offReason', { reason: v.decisionReason })}</Text>}
          </Stack>
        </Card>
      ))}
      <Modal opened={Boolean(open)} onClose={() => setOpen(null)} size="xl" fullScreen={phone}
        title={open ? t('catalogAdmin.product.versionContent', { n: open.versionNo }) : ''} data-testid="version-dialog">
        {open && <ContentView content={open.content} flags={open.flags} prices={open.id === (product.liveVersion?.id ?? product.latest.id) ? prices : undefined} />}
      </Modal>
    </Stack>
  );
}

function ProductPrices({ product }: { product: Product }) {
  const { t } = useTranslation();
  const results = useQueries({
    queries: product.skus.map((s) => ({
      queryKey: [...keys.prices, 'sku', s.id],
      queryFn: () => unwrap(api.GET('/api/admin/catalog/price-changes', { params: { query: { skuId: s.id, limit: '50' } } })),
    })),
  });
  if (results.some((r) => r.isPending)) return <Loading />;
  const error = results.find((r) => r.error)?.error;
  if (error) return <CatalogProblem error={error} />;
  const items = results.flatMap((r) => r.data?.items ?? []).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">{t('catalogAdmin.product.pricesHint')}</Text>
      <Card withBorder radius="lg" padding={0}><PriceChangeTable items={items} showProduct={false} /></Card>
    </Stack>
  );
}

/** One product of any seller: content with prices, every version, full history, price changes; operators take it down here. */
export function ProductDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const cats = useCategories();
  const qc = useQueryClient();
  const [takingDown, setTakingDown] = useState(false);
  const product = useQuery({ queryKey: keys.product(id), queryFn: () => unwrap(api.GET('/api/admin/catalog/products/{id}', { params: { path: { id } } })) });
  const versions = useQuery({ queryKey: [...keys.product(id), 'versions'],
    queryFn: () => unwrap(api.GET('/api/admin/catalog/products/{id}/versions', { params: { path: { id } } })) });
  const takeDown = useMutation({
    mutationFn: (reason: string) => unwrap(api.POST('/api/admin/catalog/products/{id}/take-down', { params: { path: { id } }, body: { reason } })),
    onSuccess: (p) => {
      setTakingDown(false);
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', title: t('catalogAdmin.product.takenDown'), message: <span translate="no">{p.title}</span> });
    },
  });
  const back = <Button component={Link} to="/admin/catalog/products" variant="default" leftSection={<IconArrowLeft size={16} />}>{t('catalogAdmin.common.back')}</Button>;
  if (product.isPending) return <Loading />;
  if (product.error) return <Page title={t('catalogAdmin.product.notFound')} actions={back}><CatalogProblem error={product.error} /></Page>;
  const p = product.data;
  const all = versions.data?.items ?? [];
  const liveVersion = p.liveVersion ? (all.find((v) => v.id === p.liveVersion!.id) ?? (p.latest.id === p.liveVersion.id ? p.latest : null)) : null;
  const shown = liveVersion ?? p.latest;
  const prices: SkuPrices = new Map(p.skus.map((s) => [s.id, s]));
  const canTakeDown = can(me.data, 'content:review');
  const takeDownPossible = Boolean(p.liveVersion) && !(p.offShelfBy === 'operator' && !p.live);
  return (
    <Page
      title={<span translate="no" data-testid="product-title">{p.title}</span>}
      description={<><span translate="no">{p.sellerName}</span> · <span translate="no">{cats.pathOf(p.categoryId)}</span></>}
      actions={(
        <>
          {back}
          {p.pendingVersionId && (
            <Button component={Link} to={`/admin/catalog/reviews/${p.pendingVersionId}`} variant="light" leftSection={<IconClipboardCheck size={16} />}
              data-testid="product-go-review">
              {t('catalogAdmin.product.goReview')}
            </Button>
          )}
          {canTakeDown && (
            <Button color="red" leftSection={<IconBan size={16} />} disabled={!takeDownPossible} onClick={() => setTakingDown(true)}
              title={takeDownPossible ? undefined : t('catalogAdmin.product.cannotTakeDown')} data-testid="product-take-down">
              {t('catalogAdmin.product.takeDown')}
            </Button>
          )}
        </>
      )}>
      <Group gap={6} wrap="wrap">
        <ProductStatusBadge status={p.status} />
        {p.live && p.status !== 'on_shelf' && <Badge tt="none" color="green" variant="filled" size="sm">{t('catalogAdmin.status.on_shelf')}</Badge>}
        <Text size="xs" c="dimmed">{t('catalogAdmin.products.latest', { n: p.latest.versionNo })}</Text>
      </Group>
      {!p.live && p.offShelfBy && (
        <Alert color={p.offShelfBy === 'operator' ? 'red' : 'orange'} variant="light" data-testid="product-off-shelf" data-by={p.offShelfBy}
          title={p.offShelfBy === 'operator' ? t('catalogAdmin.product.takenDownAlert') : t('catalogAdmin.product.sellerOffAlert')}>
          {p.offShelfReason && <Text size="sm" translate="no">{t('catalogAdmin.product.offReason', { reason: p.offShelfReason })}</Text>}
        </Alert>
      )}
      {p.pendingVersionId && (
        <Alert color="blue" variant="light" data-testid="product-pending"
          title={t('catalogAdmin.product.pendingReview', { n: all.find((v) => v.id === p.pendingVersionId)?.versionNo ?? p.latest.versionNo })} />
      )}
      <Tabs defaultValue="content" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="content" data-testid="product-tab-content">{t('catalogAdmin.product.contentTab')}</Tabs.Tab>
          <Tabs.Tab value="versions" data-testid="product-tab-versions">{t('catalogAdmin.product.versionsTab', { count: all.length || p.latest.versionNo })}</Tabs.Tab>
          <Tabs.Tab value="history" data-testid="product-tab-history">{t('catalogAdmin.product.historyTab')}</Tabs.Tab>
          <Tabs.Tab value="prices" data-testid="product-tab-prices">{t('catalogAdmin.product.pricesTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="content" pt="md">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {liveVersion ? t('catalogAdmin.product.showing', { n: liveVersion.versionNo }) : t('catalogAdmin.product.showingLatest', { n: p.latest.versionNo })}
            </Text>
            {versions.isPending && p.liveVersion && p.liveVersion.id !== p.latest.id ? <Loading />
              : <ContentView content={shown.content} flags={shown.flags} prices={prices} />}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          {versions.isPending ? <Loading /> : versions.error ? <CatalogProblem error={versions.error} /> : <Versions versions={all} product={p} prices={prices} />}
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md"><History product={p} /></Tabs.Panel>
        <Tabs.Panel value="prices" pt="md"><ProductPrices product={p} /></Tabs.Panel>
      </Tabs>
      <ReasonModal opened={takingDown} onClose={() => { setTakingDown(false); takeDown.reset(); }} testid="product-take-down"
        title={t('catalogAdmin.product.takeDownTitle')}
        body={<><Text span fw={600} translate="no" display="block" mb={4}>{p.title}</Text>{t('catalogAdmin.product.takeDownBody')}</>}
        label={t('catalogAdmin.product.takeDownReason')} description={t('catalogAdmin.product.takeDownReasonHint')}
        confirmLabel={t('catalogAdmin.product.takeDown')} color="red" required pending={takeDown.isPending} error={takeDown.error}
        onSubmit={(r) => takeDown.mutate(r)} />
    </Page>
  );
}
