import { Anchor, Card, Group, RingProgress, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Loading, Page } from '../../components/Page';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useTradeFmt } from '../trade-seller/format';
import { DueLine, OrderStatusBadge } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import { ORDER_STATUSES, type OrderStatus } from '../trade-seller/types';
import { adminApi, keys, useSellers, type AdminOrderFilter } from './api';

const RANGES = ['7', '30', '90'] as const;

/** The confirmation SLA (PL-ORD-02): share of paid orders confirmed within 1 working day, and what is overdue now. */
function SlaCard() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const [days, setDays] = useState<(typeof RANGES)[number]>('30');
  const range = useMemo(() => {
    const to = new Date();
    const from = new Date(to.getTime() - Number(days) * 86_400_000);
    return { from: from.toISOString(), to: to.toISOString() };
  }, [days]);
  const q = useQuery({ queryKey: keys.sla(days), queryFn: () => adminApi.sla(range) });
  const s = q.data;
  const rate = s?.onTimeRate ?? null;
  const color = rate === null ? 'gray' : rate >= 0.95 ? 'green' : rate >= 0.8 ? 'orange' : 'red';
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="sla-card">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Text fw={600}>{t('tradeStaff.sla.title')}</Text>
          <Text size="sm" c="dimmed">{t('tradeStaff.sla.hint')}</Text>
        </Stack>
        <SegmentedControl size="xs" value={days} onChange={(v) => setDays(v as typeof days)}
          data={RANGES.map((d) => ({ value: d, label: t('tradeStaff.sla.lastDays', { count: Number(d) }) }))} data-testid="sla-range" />
      </Group>
      <TradeProblem error={q.error} />
      {q.isPending ? <Loading /> : s && (
        <Group gap="xl" mt="md" wrap="wrap" align="center">
          <RingProgress size={112} thickness={10} roundCaps sections={[{ value: rate === null ? 0 : rate * 100, color }]}
            label={<Text ta="center" fw={700} size="lg" data-testid="sla-rate">{f.pct(rate)}</Text>} />
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="lg" style={{ flex: 1 }}>
            {([['paid', s.paid], ['confirmed', s.confirmed], ['confirmedOnTime', s.confirmedOnTime], ['confirmedLate', s.confirmedLate], ['overdueOpen', s.overdueOpen]] as const)
              .map(([k, v]) => (
                <Stack gap={0} key={k}>
                  <Text size="xs" c="dimmed">{t(`tradeStaff.sla.${k}`)}</Text>
                  <Text fz={22} fw={700} c={k === 'overdueOpen' && v > 0 ? 'red.7' : undefined} data-testid={`sla-${k}`}>{f.count(v)}</Text>
                </Stack>
              ))}
          </SimpleGrid>
        </Group>
      )}
    </Card>
  );
}

/** 订单 in the admin console: every seller's orders with filters (status, seller, overdue, number), the SLA card on top. */
export function OrdersPage() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const navigate = useNavigate();
  const sellers = useSellers();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as OrderStatus | '';
  const sellerId = params.get('sellerId') ?? '';
  const overdue = params.get('overdue') === 'true';
  const [q, setQ] = useState(params.get('q') ?? '');
  const [search] = useDebouncedValue(q.trim(), 300);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  useEffect(() => {
    if ((params.get('q') ?? '') !== search) set('q', search || null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the debounced search only
  }, [search]);
  const filter: AdminOrderFilter = { ...(status ? { status } : {}), ...(sellerId ? { sellerId } : {}), ...(overdue ? { overdue } : {}), ...(search ? { q: search } : {}) };
  const list = usePagedList(keys.orders(filter), (cursor) => adminApi.orders(filter, cursor));
  return (
    <Page title={t('tradeStaff.adminOrders.title')} description={t('tradeStaff.adminOrders.hint')}>
      <SlaCard />
      <Card withBorder radius="lg" padding="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" style={{ alignItems: 'end' }}>
          <TextInput label={t('tradeStaff.adminOrders.search')} placeholder={t('tradeStaff.adminOrders.searchPlaceholder')} leftSection={<IconSearch size={16} />}
            value={q} onChange={(e) => setQ(e.currentTarget.value)} maxLength={64} data-testid="orders-search" />
          <Select label={t('tradeStaff.fields.status')} placeholder={t('tradeStaff.adminOrders.allStatuses')} clearable comboboxProps={{ withinPortal: true }}
            data={ORDER_STATUSES.map((s) => ({ value: s, label: t(`tradeStaff.orderStatus.${s}`) }))} value={status || null}
            onChange={(v) => set('status', v)} data-testid="orders-status" />
          {sellers.data && (
            <Select label={t('tradeStaff.fields.seller')} placeholder={t('tradeStaff.adminOrders.allSellers')} clearable searchable comboboxProps={{ withinPortal: true }}
              data={sellers.items.map((o) => ({ value: o.id, label: o.name }))} value={sellerId || null} onChange={(v) => set('sellerId', v)}
              data-testid="orders-seller" />
          )}
          <Switch label={t('tradeStaff.adminOrders.overdueOnly')} checked={overdue} color="red" onChange={(e) => set('overdue', e.currentTarget.checked ? 'true' : null)}
            data-testid="orders-overdue" mb={8} />
        </SimpleGrid>
      </Card>
      <TradeProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={960}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="orders-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.fields.orderNo')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.seller')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.contents')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.fields.total')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.confirmation')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((o) => (
                  <Table.Tr key={o.id} data-testid="order-row" data-id={o.id} data-status={o.status} data-overdue={o.overdue ? 'true' : 'false'}
                    style={{ cursor: 'pointer' }} onClick={() => navigate(`/admin/trade/orders/${o.id}`)} bg={o.overdue ? 'var(--mantine-color-red-0)' : undefined}>
                    <Table.Td>
                      <Stack gap={0}>
                        <Anchor component={Link} to={`/admin/trade/orders/${o.id}`} fw={600} size="sm" className="shiji-mono" translate="no"
                          onClick={(e) => e.stopPropagation()} data-testid="order-link" style={{ whiteSpace: 'nowrap' }}>{o.number}</Anchor>
                        <Text size="xs" c="dimmed">{f.dateTime(o.placedAt)}</Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td><Text size="sm" translate="no" style={{ whiteSpace: 'nowrap' }}>{o.seller.name}</Text></Table.Td>
                    <Table.Td maw={260}>
                      <Text size="sm" lineClamp={2}>
                        <span translate="no">{o.firstTitle}</span>
                        {o.itemCount > 1 && <Text span size="sm" c="dimmed">{t('tradeStaff.orders.items', { count: o.itemCount })}</Text>}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{f.money(o.total)}</Text>
                      {o.refunded.amount > 0 && <Text size="xs" c="orange.8" style={{ whiteSpace: 'nowrap' }}>{t('tradeStaff.payments.refundedPart', { amount: f.money(o.refunded) })}</Text>}
                    </Table.Td>
                    <Table.Td><OrderStatusBadge status={o.status} /></Table.Td>
                    <Table.Td><DueLine order={o} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
    </Page>
  );
}
