import { Anchor, Badge, Button, Card, Group, ScrollArea, Stack, Table, Tabs, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Loading, Page } from '../../components/Page';
import { LoadMore, usePagedList } from '../../lib/paging';
import { keys, sellerApi, type SellerOrderFilter } from './api';
import { useTradeFmt } from './format';
import { DueLine, OrderStatusBadge, OverdueBadge } from './parts';
import { TradeProblem } from './problem';
import type { OrderSummary } from './types';

/** The list tabs: each is one API filter. 待确认 (paid) first: that is the seller's work queue. */
const TABS = {
  paid: { status: 'paid' },
  overdue: { status: 'paid', overdue: true },
  confirmed: { status: 'confirmed' },
  in_delivery: { status: 'in_delivery' },
  completed: { status: 'completed' },
  placed: { status: 'placed' },
  cancelled: { status: 'cancelled' },
  all: {},
} as const satisfies Record<string, SellerOrderFilter>;
type Tab = keyof typeof TABS;
const isTab = (v: string | null): v is Tab => Boolean(v && v in TABS);

/** What the order contains, in one line: first product and how many more. */
function Contents({ o }: { o: OrderSummary }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" lineClamp={1}>
      <span translate="no">{o.firstTitle}</span>
      {o.itemCount > 1 && <Text span size="sm" c="dimmed">{t('tradeStaff.orders.items', { count: o.itemCount })}</Text>}
    </Text>
  );
}

/** 订单: the shop's orders by status, the confirmation queue first, overdue ones in red with their due time (PL-ORD-02). */
export function OrdersPage() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = isTab(raw) ? raw : 'paid';
  const filter: SellerOrderFilter = TABS[tab];
  const list = usePagedList(keys.orders(filter), (cursor) => sellerApi.orders(filter, cursor));
  const overdueCount = usePagedList(keys.orders(TABS.overdue), (cursor) => sellerApi.orders(TABS.overdue, cursor));
  const overdueN = overdueCount.items.length;
  const overdueLabel = `${overdueN}${overdueCount.hasNextPage ? '+' : ''}`;
  const open = (o: OrderSummary) => navigate(`/seller/orders/${o.id}`);
  return (
    <Page title={t('tradeStaff.orders.title')} description={t('tradeStaff.orders.sellerHint')}
      actions={<Button variant="default" leftSection={<IconSettings size={16} />} component={Link} to="/seller/orders/settings" data-testid="order-settings-link">
        {t('tradeStaff.settings.title')}
      </Button>}>
      <ScrollArea type="never" offsetScrollbars={false}>
        <Tabs value={tab} onChange={(v) => setParams(v && v !== 'paid' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            {(Object.keys(TABS) as Tab[]).map((k) => (
              <Tabs.Tab key={k} value={k} data-testid={`order-tab-${k}`} color={k === 'overdue' ? 'red' : undefined}
                rightSection={k === 'overdue' && overdueN > 0 ? <Badge size="xs" color="red" variant="filled" data-testid="overdue-count">{overdueLabel}</Badge> : undefined}>
                {t(`tradeStaff.orders.tabs.${k}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      </ScrollArea>
      <TradeProblem error={list.error} />
      {phone ? (
        <Stack gap="sm" data-testid="orders-cards">
          {list.isPending ? <Loading /> : list.items.map((o) => (
            <Card key={o.id} withBorder radius="md" padding="sm" data-testid="order-row" data-id={o.id} data-status={o.status}
              data-overdue={o.overdue ? 'true' : 'false'} onClick={() => open(o)} style={{ cursor: 'pointer', borderColor: o.overdue ? 'var(--mantine-color-red-5)' : undefined }}
              bg={o.overdue ? 'var(--mantine-color-red-0)' : undefined}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={`/seller/orders/${o.id}`} fw={600} size="sm" className="shiji-mono" translate="no" onClick={(e) => e.stopPropagation()}
                  data-testid="order-link">{o.number}</Anchor>
                <Group gap={4} wrap="nowrap">{o.overdue && <OverdueBadge />}<OrderStatusBadge status={o.status} /></Group>
              </Group>
              <Contents o={o} />
              <Group justify="space-between" wrap="nowrap" mt={4}>
                <Text size="xs" c="dimmed">{f.dateTime(o.paidAt ?? o.placedAt)}</Text>
                <Text size="sm" fw={600}>{f.money(o.total)}</Text>
              </Group>
              <DueLine order={o} size="xs" />
            </Card>
          ))}
          <LoadMore list={list} />
        </Stack>
      ) : (
        <Card withBorder radius="lg" padding={0}>
          {list.isPending ? <Loading /> : list.items.length > 0 && (
            <Table.ScrollContainer minWidth={880}>
              <Table verticalSpacing="sm" highlightOnHover data-testid="orders-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('tradeStaff.fields.orderNo')}</Table.Th>
                    <Table.Th>{t('tradeStaff.fields.contents')}</Table.Th>
                    <Table.Th ta="right">{t('tradeStaff.fields.total')}</Table.Th>
                    <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
                    <Table.Th>{t('tradeStaff.fields.confirmation')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.items.map((o) => (
                    <Table.Tr key={o.id} data-testid="order-row" data-id={o.id} data-status={o.status} data-overdue={o.overdue ? 'true' : 'false'}
                      style={{ cursor: 'pointer' }} onClick={() => open(o)} bg={o.overdue ? 'var(--mantine-color-red-0)' : undefined}>
                      <Table.Td>
                        <Stack gap={0}>
                          <Anchor component={Link} to={`/seller/orders/${o.id}`} fw={600} size="sm" className="shiji-mono" translate="no"
                            onClick={(e) => e.stopPropagation()} data-testid="order-link" style={{ whiteSpace: 'nowrap' }}>{o.number}</Anchor>
                          <Text size="xs" c="dimmed">{t('tradeStaff.orders.placedAt', { time: f.dateTime(o.placedAt) })}</Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td maw={320}>
                        <Contents o={o} />
                      </Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{f.money(o.total)}</Text></Table.Td>
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
      )}
    </Page>
  );
}
