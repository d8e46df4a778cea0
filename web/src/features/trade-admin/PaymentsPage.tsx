import { ActionIcon, Anchor, Badge, Card, Group, Select, Stack, Table, Tabs, Text, Timeline } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconCreditCard, IconReceiptRefund, IconTransfer } from '@tabler/icons-react';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Loading, Page } from '../../components/Page';
import { tData } from '../../lib/i18n-dynamic';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useTradeFmt } from '../trade-seller/format';
import { PaymentStatusBadge } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import type { PaymentStatus, RefundStatus, StatusEvent, TransferStatus } from '../trade-seller/types';
import { adminApi, keys, useSellers } from './api';

const STATUSES = {
  payments: ['pending', 'held', 'succeeded', 'failed', 'cancelled'],
  refunds: ['held', 'pending', 'succeeded', 'failed', 'rejected'],
  transfers: ['pending', 'succeeded', 'failed'],
} as const;
type Kind = keyof typeof STATUSES;
const SUBJECT: Record<Kind, 'payment' | 'refund' | 'transfer'> = { payments: 'payment', refunds: 'refund', transfers: 'transfer' };

/** Status history of a payment, refund or transfer: from → to, where the news came from, why. */
export function StatusHistory({ events, kind }: { events: StatusEvent[]; kind: 'payment' | 'refund' | 'transfer' }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  if (events.length === 0) return <Text size="sm" c="dimmed">{t('common.empty')}</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="status-history">
      {events.map((e, i) => (
        <Timeline.Item key={i} title={<Text size="sm" fw={500}>{tData(t, `tradeStaff.${kind}Status.${e.to}`, e.to)}</Text>}>
          <Text size="xs" c="dimmed">{f.dateTime(e.at)} · {t(`tradeStaff.eventSource.${e.source}`)}</Text>
          {e.note && <Text size="xs" translate="no">{e.note}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

type Row = { id: string; cells: ReactNode[]; events: StatusEvent[]; status: string; extra?: ReactNode };

function ExpandableTable({ heads, rows, kind, testid }: { heads: Array<{ label: string; right?: boolean }>; rows: Row[]; kind: 'payment' | 'refund' | 'transfer'; testid: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table verticalSpacing="sm" data-testid={testid}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36} />
            {heads.map((h) => <Table.Th key={h.label} ta={h.right ? 'right' : undefined}>{h.label}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Fragment key={r.id}>
              <Table.Tr data-testid={`${kind}-row`} data-status={r.status} style={{ cursor: 'pointer' }} onClick={() => setOpen(open === r.id ? null : r.id)}>
                <Table.Td>
                  <ActionIcon variant="subtle" color="gray" aria-label={t('tradeStaff.payments.history')} aria-expanded={open === r.id}>
                    {open === r.id ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                  </ActionIcon>
                </Table.Td>
                {r.cells.map((c, i) => <Table.Td key={i} ta={heads[i]?.right ? 'right' : undefined}>{c}</Table.Td>)}
              </Table.Tr>
              {open === r.id && (
                <Table.Tr>
                  <Table.Td />
                  <Table.Td colSpan={heads.length}>
                    <Group align="flex-start" gap="xl" wrap="wrap" py={4}>
                      <Stack gap={6}>
                        <Text size="xs" c="dimmed" fw={500}>{t('tradeStaff.payments.history')}</Text>
                        <StatusHistory events={r.events} kind={kind} />
                      </Stack>
                      {r.extra}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A failure: known reason codes (payment_timeout …) in words, a provider's own text as it is. */
function FailureText({ reason }: { reason: string }) {
  const { t } = useTranslation();
  const known = /^[a-z_]+$/.test(reason) ? tData(t, `tradeStaff.failure.${reason}`, '') : '';
  return known ? <Text size="xs" c="red.7">{known}</Text> : <Text size="xs" c="red.7" translate="no">{reason}</Text>;
}

const mono = (s: string | null | undefined) => <Text size="xs" className="shiji-mono" translate="no" style={{ wordBreak: 'break-all' }}>{s || '—'}</Text>;

function PaymentsTab({ status }: { status: PaymentStatus | null }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const filter = status ? { status } : {};
  const list = usePagedList(keys.payments('payments', filter), (c) => adminApi.payments(filter, c));
  return (
    <>
      <TradeProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <ExpandableTable kind="payment" testid="payments-table"
            heads={[{ label: t('tradeStaff.fields.createdAt') }, { label: t('tradeStaff.fields.provider') }, { label: t('tradeStaff.fields.providerRef') },
              { label: t('tradeStaff.fields.checkout') }, { label: t('tradeStaff.fields.amount'), right: true }, { label: t('tradeStaff.fields.status') }]}
            rows={list.items.map((p) => ({
              id: p.id, status: p.status, events: p.events,
              cells: [
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(p.createdAt)}</Text>,
                <Stack gap={0}><Text size="sm" translate="no" style={{ whiteSpace: 'nowrap' }}>{p.provider.name}</Text>{p.payerMasked && mono(p.payerMasked)}</Stack>,
                mono(p.providerRef),
                <Stack gap={0}>{mono(p.reference)}<Text size="xs" c="dimmed" lineClamp={1} translate="no">{p.subject}</Text></Stack>,
                <Stack gap={0} align="flex-end">
                  <Text size="sm" fw={500}>{f.money(p.amount)}</Text>
                  {p.refunded.amount > 0 && <Text size="xs" c="orange.8" style={{ whiteSpace: 'nowrap' }}>{t('tradeStaff.payments.refundedPart', { amount: f.money(p.refunded) })}</Text>}
                </Stack>,
                <Stack gap={2}>
                  <Group gap={4}><PaymentStatusBadge status={p.status} />{p.review?.status === 'open' && <ReviewBadge />}</Group>
                  {p.failureReason && <FailureText reason={p.failureReason} />}
                </Stack>,
              ],
            }))} />
        )}
        <LoadMore list={list} />
      </Card>
    </>
  );
}

function ReviewBadge() {
  const { t } = useTranslation();
  return <Badge size="sm" tt="none" color="orange" variant="outline" component={Link} to="/admin/trade/risk" style={{ cursor: 'pointer' }}>{t('tradeStaff.risk.inReview')}</Badge>;
}

function RefundsTab({ status }: { status: RefundStatus | null }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const filter = status ? { status } : {};
  const list = usePagedList(keys.payments('refunds', filter), (c) => adminApi.refunds(filter, c));
  return (
    <>
      <TradeProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <ExpandableTable kind="refund" testid="refunds-table"
            heads={[{ label: t('tradeStaff.fields.createdAt') }, { label: t('tradeStaff.fields.order') }, { label: t('tradeStaff.fields.reason') },
              { label: t('tradeStaff.fields.providerRef') }, { label: t('tradeStaff.fields.amount'), right: true }, { label: t('tradeStaff.fields.status') }]}
            rows={list.items.map((r) => ({
              id: r.id, status: r.status, events: r.events,
              cells: [
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(r.createdAt)}</Text>,
                <Anchor component={Link} to={`/admin/trade/orders/${r.reference}`} size="xs" className="shiji-mono" translate="no" onClick={(e) => e.stopPropagation()}>{r.reference}</Anchor>,
                <Text size="sm" lineClamp={2} maw={260} translate="no">{r.reason}</Text>,
                mono(r.providerRef),
                <Text size="sm" fw={500}>{f.money(r.amount)}</Text>,
                <Stack gap={2}>
                  <Group gap={4}><PaymentStatusBadge status={r.status} kind="refund" />{r.review?.status === 'open' && <ReviewBadge />}</Group>
                  {r.failureReason && <FailureText reason={r.failureReason} />}
                </Stack>,
              ],
            }))} />
        )}
        <LoadMore list={list} />
      </Card>
    </>
  );
}

function TransfersTab({ status }: { status: TransferStatus | null }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const sellers = useSellers();
  const filter = status ? { status } : {};
  const list = usePagedList(keys.payments('transfers', filter), (c) => adminApi.transfers(filter, c));
  return (
    <>
      <TradeProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <ExpandableTable kind="transfer" testid="transfers-table"
            heads={[{ label: t('tradeStaff.fields.createdAt') }, { label: t('tradeStaff.fields.payee') }, { label: t('tradeStaff.fields.memo') },
              { label: t('tradeStaff.fields.providerRef') }, { label: t('tradeStaff.fields.amount'), right: true }, { label: t('tradeStaff.fields.status') }]}
            rows={list.items.map((x) => ({
              id: x.id, status: x.status, events: x.events,
              cells: [
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(x.createdAt)}</Text>,
                <Stack gap={0}><Text size="sm" translate="no" style={{ whiteSpace: 'nowrap' }}>{sellers.nameOf(x.orgId)}</Text>
                  <Text size="xs" className="shiji-mono" translate="no" style={{ whiteSpace: 'nowrap' }}>{x.payeeMasked}</Text></Stack>,
                <Text size="sm" lineClamp={2} maw={240} translate="no">{x.memo}</Text>,
                mono(x.providerRef),
                <Text size="sm" fw={500}>{f.money(x.amount)}</Text>,
                <Stack gap={2}>
                  <PaymentStatusBadge status={x.status} kind="transfer" />
                  {x.failureReason && <FailureText reason={x.failureReason} />}
                </Stack>,
              ],
            }))} />
        )}
        <LoadMore list={list} />
      </Card>
    </>
  );
}

/** 支付流水: payments, refunds and transfers with provider references, masked accounts and status history (PL-PAY-04, PL-PAY-05). */
export function PaymentsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Kind = raw === 'refunds' || raw === 'transfers' ? raw : 'payments';
  const status = params.get('status');
  const set = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v); else p.delete(k);
    setParams(p, { replace: true });
  };
  return (
    <Page title={t('tradeStaff.payments.pageTitle')} description={t('tradeStaff.payments.hint')}>
      <Tabs value={tab} onChange={(v) => set({ tab: v === 'payments' ? null : v, status: null })} keepMounted={false}>
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm" mb="md">
          <Tabs.List>
            <Tabs.Tab value="payments" leftSection={<IconCreditCard size={16} />} data-testid="payments-tab-payments">{t('tradeStaff.payments.title')}</Tabs.Tab>
            <Tabs.Tab value="refunds" leftSection={<IconReceiptRefund size={16} />} data-testid="payments-tab-refunds">{t('tradeStaff.refunds.title')}</Tabs.Tab>
            <Tabs.Tab value="transfers" leftSection={<IconTransfer size={16} />} data-testid="payments-tab-transfers">{t('tradeStaff.transfers.title')}</Tabs.Tab>
          </Tabs.List>
          <Select placeholder={t('tradeStaff.adminOrders.allStatuses')} clearable value={status} onChange={(v) => set({ status: v })} w={200}
            aria-label={t('tradeStaff.fields.status')} comboboxProps={{ withinPortal: true }} data-testid="payments-status"
            data={STATUSES[tab].map((s) => ({ value: s, label: t(`tradeStaff.${SUBJECT[tab]}Status.${s}` as 'tradeStaff.paymentStatus.pending') }))} />
        </Group>
        <Tabs.Panel value="payments"><Stack gap="sm"><PaymentsTab status={status as PaymentStatus | null} /></Stack></Tabs.Panel>
        <Tabs.Panel value="refunds"><Stack gap="sm"><RefundsTab status={status as RefundStatus | null} /></Stack></Tabs.Panel>
        <Tabs.Panel value="transfers"><Stack gap="sm"><TransfersTab status={status as TransferStatus | null} /></Stack></Tabs.Panel>
      </Tabs>
    </Page>
  );
}
