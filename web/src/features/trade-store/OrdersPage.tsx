import { Anchor, Button, Card, EmptyState, Group, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconBuildingStore, IconReceipt } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { moneyText } from '../shop/format';
import { fetchOrders, tradeKeys, type OrderSummary } from './api';
import { AccountFrame, OrderStatusBadge, OverdueBadge, Thumb } from './parts';
import { TradeProblem } from './TradeProblem';
import classes from './trade.module.css';

const TABS = ['all', 'placed', 'paid', 'confirmed', 'completed', 'cancelled'] as const;
type Tab = (typeof TABS)[number];

/** 商家应于 … 前确认 / 请在 … 前完成支付, whichever applies now. */
export function DueLine({ order: o }: { order: OrderSummary }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (o.status === 'paid' && o.confirmDueAt) {
    return (
      <Group gap={6} wrap="wrap">
        {o.overdue && <OverdueBadge />}
        <Text size="xs" c={o.overdue ? 'red.8' : 'blue.8'} data-testid="order-confirm-due">{t('tradeStore.due.confirmBy', { time: formatDateTime(o.confirmDueAt, lng) })}</Text>
      </Group>
    );
  }
  return null;
}

function OrderCard({ order: o }: { order: OrderSummary }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const href = `/account/orders/${encodeURIComponent(o.id)}`;
  return (
    <Card withBorder radius="md" padding="md" data-testid="order-card" data-order-id={o.id} data-status={o.status}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs" pb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <Group gap="sm" wrap="wrap">
            <Group gap={4} wrap="nowrap"><IconBuildingStore size={16} aria-hidden /><Text size="sm" fw={600} translate="no">{o.seller.name}</Text></Group>
            <Text size="xs" c="dimmed" translate="no" data-testid="order-number">{t('tradeStore.orders.number', { number: o.number })}</Text>
          </Group>
          <Group gap={6}>{o.overdue && o.status === 'paid' && <OverdueBadge />}<OrderStatusBadge status={o.status} /></Group>
        </Group>
        <Anchor component={Link} to={href} underline="never" c="inherit" data-testid="order-card-link">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Thumb url={o.firstImageUrl} size={64} />
            <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm" fw={500} lineClamp={2} translate="no">{o.firstTitle}</Text>
              <Text size="xs" c="dimmed" data-testid="order-units">{t('tradeStore.orders.units', { count: o.itemCount })}</Text>
            </Stack>
          </Group>
        </Anchor>
        <Group justify="space-between" wrap="wrap" gap="xs" pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <Stack gap={2}>
            <Text size="xs" c="dimmed">{t('tradeStore.orders.placedAt', { time: formatDateTime(o.placedAt, lng) })}</Text>
            <DueLine order={o} />
          </Stack>
          <Group gap="sm" wrap="wrap" justify="flex-end">
            <Text size="sm" fw={700} data-testid="order-total">
              {t(o.status === 'placed' ? 'tradeStore.orders.totalDue' : o.paidAt ? 'tradeStore.orders.total' : 'tradeStore.orders.totalPlain', { amount: moneyText(o.total, lng) })}
            </Text>
            {o.refunded.amount > 0 && <Text size="sm" c="teal.8">{t('tradeStore.orders.refunded', { amount: moneyText(o.refunded, lng) })}</Text>}
            {o.status === 'placed' && (
              <Button component={Link} to={`/checkout/result?checkout=${encodeURIComponent(o.checkoutId)}`} size="xs" data-testid="order-pay">{t('tradeStore.orders.pay')}</Button>
            )}
            <Button component={Link} to={href} size="xs" variant="default" data-testid="order-detail-link">{t('tradeStore.orders.detail')}</Button>
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}

/** My orders (/account/orders): one card per order (one per seller of a checkout), filtered by status, newest first. */
export function OrdersPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(sp.get('status') ?? '') ? (sp.get('status') as Tab) : 'all';
  const q = useInfiniteQuery({
    queryKey: tradeKeys.orders(tab),
    queryFn: ({ pageParam }) => fetchOrders(tab, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <AccountFrame>
      <Stack gap="md" data-testid="orders-page">
        <Title order={1} fz={{ base: 22, sm: 26 }}>{t('tradeStore.orders.title')}</Title>
        <Tabs value={tab} onChange={(v) => setSp(v && v !== 'all' ? { status: v } : {}, { replace: true })} variant="pills" radius="xl">
          <Tabs.List className={classes.tabsScroll}>
            {TABS.map((s) => <Tabs.Tab key={s} value={s} data-testid={`orders-tab-${s}`}>{t(`tradeStore.orders.tabs.${s}`)}</Tabs.Tab>)}
          </Tabs.List>
        </Tabs>
        {q.error && <TradeProblem error={q.error} />}
        {q.isPending && <Stack gap="md">{[0, 1].map((i) => <Skeleton key={i} h={180} radius="md" />)}</Stack>}
        {!q.isPending && items.length === 0 && !q.error && (
          <EmptyState icon={<IconReceipt size={40} />} withIndicatorBackground size="lg" data-testid="orders-empty"
            title={tab === 'all' ? t('tradeStore.orders.emptyTitle') : t('tradeStore.orders.emptyFiltered')}
            description={tab === 'all' ? t('tradeStore.orders.emptyBody') : undefined}>
            {tab === 'all' && <EmptyState.Actions><Button component={Link} to="/">{t('tradeStore.cart.emptyAction')}</Button></EmptyState.Actions>}
          </EmptyState>
        )}
        {items.map((o) => <OrderCard key={o.id} order={o} />)}
        {q.hasNextPage && (
          <Group justify="center"><Button variant="default" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>{t('tradeStore.orders.loadMore')}</Button></Group>
        )}
        {!q.hasNextPage && items.length > 3 && <Text ta="center" size="sm" c="dimmed">{t('tradeStore.orders.end')}</Text>}
      </Stack>
    </AccountFrame>
  );
}
