import { Alert, Anchor, Badge, Box, Button, Card, Center, Group, Select, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Field, Loading, Page } from '../../components/Page';
import { LoadMore, usePagedList } from '../../lib/paging';
import { ReasonModal } from './dialogs';
import { CatalogProblem } from './problem';
import { approvalReasons, CHANGE_STATUSES, ChangeStatusBadge, keys, PriceDelta, useAccountNames, useFmt, useSellers, type PriceChange, type PriceChangeStatus } from './shared';

/** Change in percent with its direction, coloured: up red, down green (as Chinese price boards do). */
function ChangePct({ c }: { c: PriceChange }) {
  const { t } = useTranslation();
  const f = useFmt();
  if (c.changePct === null || !c.before) return <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{t('catalogAdmin.prices.firstPrice')}</Text>;
  const up = c.after.retail.amount > c.before.retail.amount;
  const down = c.after.retail.amount < c.before.retail.amount;
  return (
    <Badge variant="light" color={up ? 'red' : down ? 'green' : 'gray'} tt="none" data-testid="price-change-pct" miw="fit-content"
      styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}>
      {up ? '+' : down ? '−' : '±'}{f.pct(c.changePct)}%
    </Badge>
  );
}

/** Old → new retail, member and list price, and the price type when it changes. */
function PriceLines({ c }: { c: PriceChange }) {
  const { t } = useTranslation();
  const b = c.before;
  const a = c.after;
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap"><Text size="xs" c="dimmed" w={72} style={{ flex: 'none' }}>{t('catalogAdmin.content.retail')}</Text>
        <PriceDelta before={b ? b.retail : undefined} after={a.retail} strong /></Group>
      {(a.member || b?.member) && (
        <Group gap={6} wrap="nowrap"><Text size="xs" c="dimmed" w={72} style={{ flex: 'none' }}>{t('catalogAdmin.content.member')}</Text>
          <PriceDelta before={b ? b.member : undefined} after={a.member} /></Group>
      )}
      {(a.list || b?.list) && (
        <Group gap={6} wrap="nowrap"><Text size="xs" c="dimmed" w={72} style={{ flex: 'none' }}>{t('catalogAdmin.content.list')}</Text>
          <PriceDelta before={b ? b.list : undefined} after={a.list} /></Group>
      )}
      {b && b.priceType !== a.priceType && (
        <Text size="xs">{t(`catalogAdmin.priceType.${b.priceType}`)} → {t(`catalogAdmin.priceType.${a.priceType}`)}</Text>
      )}
    </Stack>
  );
}

function Reasons({ c }: { c: PriceChange }) {
  const { t } = useTranslation();
  const reasons = approvalReasons(t, c);
  if (reasons.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Stack gap={2}>
      {reasons.map((r, i) => <Text key={i} size="sm" lang={r.api ? 'en' : undefined} data-testid="price-why">{r.text}</Text>)}
    </Stack>
  );
}

function PendingCard({ c, canDecide }: { c: PriceChange; canDecide: boolean }) {
  const { t } = useTranslation();
  const f = useFmt();
  const nameOf = useAccountNames();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<'approve' | 'reject' | null>(null);
  const done = (msg: string) => {
    setDialog(null);
    void qc.invalidateQueries({ queryKey: keys.all });
    notifications.show({ color: 'green', title: msg, message: <span translate="no">{c.productTitle} · {c.skuCode}</span> });
  };
  const approve = useMutation({
    mutationFn: (note: string) => unwrap(api.POST('/api/admin/catalog/price-changes/{id}/approve', { params: { path: { id: c.id } }, body: note ? { note } : {} })),
    onSuccess: () => done(t('catalogAdmin.prices.approved')),
  });
  const reject = useMutation({
    mutationFn: (reason: string) => unwrap(api.POST('/api/admin/catalog/price-changes/{id}/reject', { params: { path: { id: c.id } }, body: { reason } })),
    onSuccess: () => done(t('catalogAdmin.prices.rejected')),
  });
  return (
    <Card withBorder radius="lg" padding="md" data-testid="price-pending-row" data-id={c.id} data-sku={c.skuCode}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
            <Anchor component={Link} to={`/admin/catalog/products/${c.productId}`} fw={600} size="sm" translate="no">{c.productTitle}</Anchor>
            <Text size="xs" c="dimmed">
              <span translate="no">{c.sellerName}</span> · {t('catalogAdmin.prices.sku')} <span className="shiji-mono">{c.skuCode}</span>
            </Text>
          </Stack>
          <Group gap={6}>
            <ChangePct c={c} />
            <ChangeStatusBadge status={c.status} />
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label={`${t('catalogAdmin.prices.before')} → ${t('catalogAdmin.prices.after')}`}><PriceLines c={c} /></Field>
          <Field label={t('catalogAdmin.prices.why')}><Reasons c={c} /></Field>
          <Field label={t('catalogAdmin.prices.reason')}><Text size="sm" translate="no">{c.reason}</Text></Field>
        </SimpleGrid>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="xs" c="dimmed">
            {t('catalogAdmin.prices.requestedAt')} {f.dateTime(c.createdAt)} · {t('catalogAdmin.prices.requestedBy')} <span translate="no">{nameOf(c.requestedBy)}</span>
          </Text>
          {canDecide && (
            <Group gap="xs">
              <Button size="xs" color="green" leftSection={<IconCheck size={14} />} onClick={() => setDialog('approve')} data-testid="price-approve">
                {t('catalogAdmin.prices.approve')}
              </Button>
              <Button size="xs" color="red" variant="light" leftSection={<IconX size={14} />} onClick={() => setDialog('reject')} data-testid="price-reject">
                {t('catalogAdmin.prices.reject')}
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
      <ReasonModal opened={dialog === 'approve'} onClose={() => { setDialog(null); approve.reset(); }} testid="price-approve"
        title={t('catalogAdmin.prices.approveTitle')} body={t('catalogAdmin.prices.approveBody')} label={t('catalogAdmin.prices.approveNote')}
        confirmLabel={t('catalogAdmin.prices.approve')} color="green" required={false} pending={approve.isPending} error={approve.error}
        onSubmit={(n) => approve.mutate(n)} />
      <ReasonModal opened={dialog === 'reject'} onClose={() => { setDialog(null); reject.reset(); }} testid="price-reject"
        title={t('catalogAdmin.prices.rejectTitle')} body={t('catalogAdmin.prices.rejectBody')} label={t('catalogAdmin.prices.rejectReason')}
        confirmLabel={t('catalogAdmin.prices.reject')} color="red" required pending={reject.isPending} error={reject.error}
        onSubmit={(r) => reject.mutate(r)} />
    </Card>
  );
}

/** The adjustment log as a table (also used on a product's page). */
export function PriceChangeTable({ items, showProduct = true }: { items: PriceChange[]; showProduct?: boolean }) {
  const { t } = useTranslation();
  const f = useFmt();
  const nameOf = useAccountNames();
  if (items.length === 0) return <Center py="lg"><Text c="dimmed" size="sm">{t('catalogAdmin.prices.logEmpty')}</Text></Center>;
  return (
    <Table.ScrollContainer minWidth={showProduct ? 980 : 820}>
      <Table verticalSpacing="sm" data-testid="price-log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('catalogAdmin.prices.requestedAt')}</Table.Th>
            {showProduct && <Table.Th>{t('catalogAdmin.common.product')}</Table.Th>}
            <Table.Th>{t('catalogAdmin.prices.sku')}</Table.Th>
            <Table.Th>{t('catalogAdmin.prices.before')} → {t('catalogAdmin.prices.after')}</Table.Th>
            <Table.Th>{t('catalogAdmin.prices.change')}</Table.Th>
            <Table.Th>{t('catalogAdmin.common.status')}</Table.Th>
            <Table.Th>{t('catalogAdmin.prices.reason')}</Table.Th>
            <Table.Th>{t('catalogAdmin.prices.decision')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} data-testid="price-log-row" data-status={c.status}>
              <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(c.createdAt)}</Text></Table.Td>
              {showProduct && (
                <Table.Td>
                  <Anchor component={Link} to={`/admin/catalog/products/${c.productId}`} size="sm" translate="no">{c.productTitle}</Anchor>
                  <Text size="xs" c="dimmed" translate="no">{c.sellerName}</Text>
                </Table.Td>
              )}
              <Table.Td><Text size="sm" className="shiji-mono" style={{ whiteSpace: 'nowrap', wordBreak: 'keep-all' }}>{c.skuCode}</Text></Table.Td>
              <Table.Td><PriceLines c={c} /></Table.Td>
              <Table.Td miw={84}><ChangePct c={c} /></Table.Td>
              <Table.Td>
                <ChangeStatusBadge status={c.status} />
                {c.effectiveAt && <Text size="xs" c="dimmed" mt={2}>{t('catalogAdmin.prices.effectiveAt')} {f.dateTime(c.effectiveAt)}</Text>}
              </Table.Td>
              <Table.Td maw={220}><Text size="sm" translate="no">{c.reason}</Text></Table.Td>
              <Table.Td maw={240}>
                {c.decidedAt ? (
                  <>
                    <Text size="xs" c="dimmed"><span translate="no">{nameOf(c.decidedBy)}</span> · {f.dateTime(c.decidedAt)}</Text>
                    {c.decisionNote && <Text size="sm" translate="no">{c.decisionNote}</Text>}
                  </>
                ) : <Text size="sm" c="dimmed">—</Text>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Price changes waiting for approval (first) and the whole adjustment log. */
export function PricesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const sellers = useSellers();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'log' ? 'log' : 'pending';
  const status = (params.get('status') ?? '') as PriceChangeStatus | '';
  const sellerId = params.get('sellerId') ?? '';
  const canDecide = can(me.data, 'price:approve');
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) next.set(k, v); else next.delete(k); }
    setParams(next, { replace: true });
  };
  const pending = usePagedList([...keys.prices, 'pending'], (cursor) => unwrap(api.GET('/api/admin/catalog/price-changes', {
    params: { query: { status: 'pending', limit: PAGE_SIZE, cursor } },
  })));
  const logQuery = { ...(status ? { status } : {}), ...(sellerId ? { sellerId } : {}) };
  const log = usePagedList([...keys.prices, 'log', logQuery], (cursor) => unwrap(api.GET('/api/admin/catalog/price-changes', {
    params: { query: { ...logQuery, limit: PAGE_SIZE, cursor } },
  })), tab === 'log');
  const pendingCount = pending.items.length;
  return (
    <Page title={t('catalogAdmin.prices.title')} description={t('catalogAdmin.prices.hint')}>
      {!canDecide && <Alert color="gray" variant="light">{t('catalogAdmin.prices.noPermission')}</Alert>}
      <Tabs value={tab} onChange={(v) => set({ tab: v === 'log' ? 'log' : null })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="pending" data-testid="prices-tab-pending"
            rightSection={!pending.isPending && <Badge tt="none" size="sm" variant="filled" color={pendingCount ? 'yellow.7' : 'gray'} data-testid="prices-pending-count">
              {pending.hasNextPage ? `${pendingCount}+` : pendingCount}</Badge>}>
            {t('catalogAdmin.prices.pendingTab')}
          </Tabs.Tab>
          <Tabs.Tab value="log" data-testid="prices-tab-log">{t('catalogAdmin.prices.logTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pending" pt="md">
          <Stack gap="sm" data-testid="prices-pending">
            <CatalogProblem error={pending.error} />
            {pending.isPending ? <Loading /> : pendingCount === 0
              ? <Card withBorder radius="lg" padding="lg"><Center><Text c="dimmed" size="sm" data-testid="prices-empty">{t('catalogAdmin.prices.empty')}</Text></Center></Card>
              : pending.items.map((c) => <PendingCard key={c.id} c={c} canDecide={canDecide} />)}
            {pendingCount > 0 && <LoadMore list={pending} />}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="log" pt="md">
          <Stack gap="sm">
            <Group gap="sm" wrap="wrap" align="flex-end">
              <Select label={t('catalogAdmin.prices.statusFilter')} placeholder={t('catalogAdmin.common.all')} clearable comboboxProps={{ withinPortal: true }}
                data={CHANGE_STATUSES.map((s) => ({ value: s, label: t(`catalogAdmin.prices.status.${s}`) }))} value={status || null}
                onChange={(v) => set({ status: v })} data-testid="prices-status" w={200} />
              {sellers.data && (
                <Select label={t('catalogAdmin.products.seller')} placeholder={t('catalogAdmin.products.allSellers')} clearable comboboxProps={{ withinPortal: true }}
                  data={sellers.data.items.map((o) => ({ value: o.id, label: o.name }))} value={sellerId || null} onChange={(v) => set({ sellerId: v })}
                  data-testid="prices-seller" w={220} />
              )}
            </Group>
            <CatalogProblem error={log.error} />
            <Card withBorder radius="lg" padding={0}>
              {log.isPending ? <Loading /> : <Box><PriceChangeTable items={log.items} /></Box>}
              {log.items.length > 0 && <LoadMore list={log} />}
            </Card>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
