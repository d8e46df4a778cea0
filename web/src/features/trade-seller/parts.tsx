import { Badge, Button, Card, Divider, Group, Image, Stack, Table, Text, ThemeIcon, Timeline, Title, Tooltip } from '@mantine/core';
import { IconAlarm, IconArrowRight, IconCheck, IconCircleDot, IconClockHour4, IconCreditCard, IconPackage, IconPhotoOff, IconReceiptRefund,
  IconTruck, IconUser, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { tData } from '../../lib/i18n-dynamic';
import { periodLastDay, useTradeFmt } from './format';
import type { Modification, OrderDetail, OrderEvent, OrderLine, OrderStatus, OrderSummary, PaymentOut, PaymentStatus, PayoutStatus, RefundOut,
  RefundStatus, StatementStatus, TransferStatus } from './types';

export const ORDER_COLOR: Record<OrderStatus, string> = {
  placed: 'gray', paid: 'orange', confirmed: 'blue', allocated: 'indigo', handed_over: 'cyan', in_delivery: 'teal', delivered: 'green',
  refused: 'red', completed: 'green', cancelled: 'gray', after_sales: 'grape',
};
const PAYMENT_COLOR: Record<PaymentStatus | RefundStatus | TransferStatus, string> = {
  pending: 'yellow', held: 'orange', succeeded: 'green', failed: 'red', cancelled: 'gray', rejected: 'red',
};
const PAYOUT_COLOR: Record<PayoutStatus, string> = { awaiting_approval: 'yellow', processing: 'blue', paid: 'green', failed: 'red', rejected: 'gray' };
const STATEMENT_COLOR: Record<StatementStatus, string> = { issued: 'blue', paying: 'yellow', paid: 'green' };
/** Status badges keep their whole label in narrow table cells (Mantine would cut it to "支…"). */
const NO_SHRINK = { flexShrink: 0, minWidth: 'max-content' } as const;

export function OrderStatusBadge({ status, size }: { status: OrderStatus; size?: string }) {
  const { t } = useTranslation();
  return (
    <Badge tt="none" variant={status === 'paid' ? 'filled' : 'light'} color={ORDER_COLOR[status] ?? 'gray'} size={size} data-testid="order-status" data-status={status}
      style={NO_SHRINK}>
      {tData(t, `tradeStaff.orderStatus.${status}`, status)}
    </Badge>
  );
}

export function PaymentStatusBadge({ status, kind = 'payment' }: { status: PaymentStatus | RefundStatus | TransferStatus; kind?: 'payment' | 'refund' | 'transfer' }) {
  const { t } = useTranslation();
  return (
    <Badge tt="none" variant="light" color={PAYMENT_COLOR[status] ?? 'gray'} data-status={status} style={NO_SHRINK}>
      {tData(t, `tradeStaff.${kind}Status.${status}`, status)}
    </Badge>
  );
}

export function PayoutStatusBadge({ status }: { status: PayoutStatus }) {
  const { t } = useTranslation();
  return <Badge tt="none" variant="light" color={PAYOUT_COLOR[status] ?? 'gray'} data-testid="payout-status" data-status={status} style={NO_SHRINK}>{tData(t, `tradeStaff.payoutStatus.${status}`, status)}</Badge>;
}

export function StatementStatusBadge({ status }: { status: StatementStatus }) {
  const { t } = useTranslation();
  return <Badge tt="none" variant="light" color={STATEMENT_COLOR[status] ?? 'gray'} data-status={status} style={NO_SHRINK}>{tData(t, `tradeStaff.statementStatus.${status}`, status)}</Badge>;
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return <Badge tt="none" color="red" variant="filled" leftSection={<IconAlarm size={12} />} data-testid="order-overdue" style={NO_SHRINK}>{t('tradeStaff.orders.overdue')}</Badge>;
}

/**
 * The confirmation clock (PL-ORD-02) in words: "应于 … 前确认" while the order waits, red once overdue;
 * "已确认 …" (late or on time) afterwards. Nothing for orders that never reached payment.
 */
export function DueLine({ order, size = 'sm' }: {
  order: Pick<OrderSummary, 'status' | 'confirmDueAt' | 'overdue'> & { confirmedAt?: string | null }; size?: string;
}) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  if (!order.confirmDueAt) return null;
  if (order.status === 'paid') {
    return (
      <Group gap={4} wrap="nowrap" data-testid="order-due" data-overdue={order.overdue ? 'true' : 'false'}>
        {order.overdue ? <IconAlarm size={14} color="var(--mantine-color-red-7)" /> : <IconClockHour4 size={14} color="var(--mantine-color-dimmed)" />}
        <Text size={size} c={order.overdue ? 'red.7' : 'dimmed'} fw={order.overdue ? 600 : undefined}>
          {t(order.overdue ? 'tradeStaff.orders.dueOverdue' : 'tradeStaff.orders.due', { time: f.dateTime(order.confirmDueAt) })}
        </Text>
      </Group>
    );
  }
  if (order.confirmedAt) {
    const late = new Date(order.confirmedAt) > new Date(order.confirmDueAt);
    return (
      <Text size={size} c={late ? 'orange.8' : 'dimmed'} data-testid="order-due" data-overdue="false">
        {t(late ? 'tradeStaff.orders.confirmedLate' : 'tradeStaff.orders.confirmedAt', { time: f.dateTime(order.confirmedAt) })}
      </Text>
    );
  }
  return null;
}

/** A titled card section. */
export function Section({ title, actions, children, testid, padding = 'lg' }: { title: ReactNode; actions?: ReactNode; children: ReactNode; testid?: string; padding?: string | number }) {
  return (
    <Card withBorder radius="lg" padding={padding} data-testid={testid}>
      <Stack gap="sm">
        <Group justify="space-between" gap="sm" wrap="wrap" px={padding === 0 ? 'lg' : 0} pt={padding === 0 ? 'md' : 0}>
          <Title order={4}>{title}</Title>
          {actions && <Group gap="xs">{actions}</Group>}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

/** A row of the totals block: label left, amount right. */
function TotalRow({ label, value, strong, color, testid }: { label: ReactNode; value: string; strong?: boolean; color?: string; testid?: string }) {
  return (
    <Group justify="space-between" gap="xl" wrap="nowrap">
      <Text size="sm" c={strong ? undefined : 'dimmed'} fw={strong ? 600 : undefined}>{label}</Text>
      <Text size={strong ? 'md' : 'sm'} fw={strong ? 700 : 500} c={color} data-testid={testid} style={{ whiteSpace: 'nowrap' }}>{value}</Text>
    </Group>
  );
}

/** What was bought: product, specification, SKU code, unit price, quantity with its sales unit, line total; then the order's amounts. */
export function OrderLines({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={620}>
        <Table verticalSpacing="sm" data-testid="order-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tradeStaff.fields.product')}</Table.Th>
              <Table.Th ta="right">{t('tradeStaff.fields.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('tradeStaff.fields.quantity')}</Table.Th>
              <Table.Th ta="right">{t('tradeStaff.fields.lineTotal')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.lines.map((l: OrderLine) => (
              <Table.Tr key={l.skuId} data-testid="order-line" data-sku={l.skuId}>
                <Table.Td>
                  <Group gap="sm" wrap="nowrap">
                    {l.imageUrl
                      ? <Image src={l.imageUrl} alt="" w={44} h={44} radius="sm" fit="cover" style={{ flex: 'none' }} />
                      : <ThemeIcon variant="light" color="gray" size={44} radius="sm"><IconPhotoOff size={18} /></ThemeIcon>}
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Text size="sm" fw={500} translate="no" lineClamp={2}>{l.title}</Text>
                      <Text size="xs" c="dimmed" translate="no">{[l.specification, l.skuCode].filter(Boolean).join(' · ')}</Text>
                      {l.priceType && l.priceType !== 'market' && (
                        <Text size="xs" c="dimmed">{tData(t, `tradeStaff.priceType.${l.priceType}`, l.priceType)}</Text>
                      )}
                    </Stack>
                  </Group>
                </Table.Td>
                <Table.Td ta="right"><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.money(l.unitPrice)}</Text></Table.Td>
                <Table.Td ta="right"><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.quantity(l.quantity, l.salesUnit)}</Text></Table.Td>
                <Table.Td ta="right"><Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>{f.money(l.lineTotal)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap={4} ml="auto" miw={260} px="sm" pb="xs">
        <TotalRow label={t('tradeStaff.fields.goodsAmount')} value={f.money(order.goodsAmount)} />
        <TotalRow label={t('tradeStaff.fields.shippingFee')} value={f.money(order.shippingFee)} />
        <Divider />
        <TotalRow label={t('tradeStaff.fields.total')} value={f.money(order.total)} strong testid="order-total" />
        {order.refunded.amount > 0 && (
          <TotalRow label={t('tradeStaff.fields.refunded')} value={`-${f.money(order.refunded)}`} color="orange.8" testid="order-refunded" />
        )}
      </Stack>
    </Stack>
  );
}

const EVENT_ICON: Record<string, typeof IconCheck> = {
  placed: IconPackage, paid: IconCreditCard, confirmed: IconCheck, cancelled: IconX, rejected: IconX, refund_requested: IconReceiptRefund,
  refund_succeeded: IconReceiptRefund, refund_failed: IconReceiptRefund, modification_refund: IconReceiptRefund, handed_over: IconTruck,
  in_delivery: IconTruck, confirmation_overdue: IconAlarm,
};

/** A reason as written by a person (data, shown as it is) or a system reason code (payment_timeout …) in words. */
export function ReasonText({ reason, size = 'sm', c }: { reason: string; size?: string; c?: string }) {
  const { t } = useTranslation();
  const code = /^[a-z][a-z_]+$/.test(reason) ? tData(t, `tradeStaff.failure.${reason}`, '') : '';
  return code ? <Text size={size} c={c}>{code}</Text> : <Text size={size} c={c} translate="no">{reason}</Text>;
}

/** Every state change with who caused it, why and when, oldest first (PL-ORD-01). */
export function EventTimeline({ events }: { events: OrderEvent[] }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  if (events.length === 0) return <Text size="sm" c="dimmed">{t('common.empty')}</Text>;
  return (
    <Timeline bulletSize={24} lineWidth={2} active={events.length - 1} data-testid="order-events">
      {events.map((e, i) => {
        const Icon = EVENT_ICON[e.action] ?? IconCircleDot;
        const bad = e.action === 'confirmation_overdue' || e.action === 'refund_failed' || e.toStatus === 'cancelled';
        return (
          <Timeline.Item key={i} bullet={<Icon size={13} />} color={bad ? 'red' : 'brand'} data-testid="order-event" data-action={e.action}
            title={<Text size="sm" fw={600}>{tData(t, `tradeStaff.event.${e.action.replace(/\./g, '_')}`, e.action)}</Text>}>
            <Group gap={6} wrap="wrap">
              {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
                <Group gap={4} wrap="nowrap">
                  <Text size="xs" c="dimmed">{tData(t, `tradeStaff.orderStatus.${e.fromStatus}`, e.fromStatus)}</Text>
                  <IconArrowRight size={12} color="var(--mantine-color-dimmed)" />
                  <Text size="xs" c="dimmed">{tData(t, `tradeStaff.orderStatus.${e.toStatus}`, e.toStatus)}</Text>
                </Group>
              )}
              <Group gap={4} wrap="nowrap">
                <IconUser size={12} color="var(--mantine-color-dimmed)" />
                <Text size="xs" c="dimmed">{tData(t, `tradeStaff.actor.${e.actorKind}`, e.actorKind)}</Text>
              </Group>
            </Group>
            {e.reason && <ReasonText reason={e.reason} />}
            <Text size="xs" c="dimmed" mt={2}>{f.dateTime(e.at)}</Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

/** Payments of the order with the provider's references (PL-PAY-05). */
export function PaymentsTable({ payments }: { payments: PaymentOut[] }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  if (payments.length === 0) return <Text size="sm" c="dimmed" px="lg" pb="md">{t('tradeStaff.payments.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" data-testid="order-payments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tradeStaff.fields.provider')}</Table.Th>
            <Table.Th>{t('tradeStaff.fields.providerRef')}</Table.Th>
            <Table.Th ta="right">{t('tradeStaff.fields.amount')}</Table.Th>
            <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
            <Table.Th>{t('tradeStaff.fields.time')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payments.map((p) => (
            <Table.Tr key={p.id} data-testid="order-payment">
              <Table.Td>
                <Text size="sm" translate="no" style={{ whiteSpace: 'nowrap' }}>{p.provider.name}</Text>
                {p.payerMasked && <Text size="xs" c="dimmed" className="shiji-mono" translate="no">{p.payerMasked}</Text>}
              </Table.Td>
              <Table.Td><Text size="xs" className="shiji-mono" translate="no">{p.providerRef ?? '—'}</Text></Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{f.money(p.amount)}</Text>
                {p.refunded.amount > 0 && <Text size="xs" c="orange.8">{t('tradeStaff.payments.refundedPart', { amount: f.money(p.refunded) })}</Text>}
              </Table.Td>
              <Table.Td>
                <PaymentStatusBadge status={p.status} />
                {p.failureReason && <Text size="xs" c="red.7" translate={/^[a-z_]+$/.test(p.failureReason) ? undefined : 'no'}>{tData(t, `tradeStaff.failure.${p.failureReason}`, p.failureReason)}</Text>}
              </Table.Td>
              <Table.Td><Text size="xs" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(p.succeededAt ?? p.createdAt)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Refunds of the order: amount, reason, status, provider reference, failure. */
export function RefundsTable({ refunds }: { refunds: RefundOut[] }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  if (refunds.length === 0) return <Text size="sm" c="dimmed" px="lg" pb="md">{t('tradeStaff.refunds.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" data-testid="order-refunds">
        <Table.Thead>
          <Table.Tr>
            <Table.Th ta="right">{t('tradeStaff.fields.amount')}</Table.Th>
            <Table.Th>{t('tradeStaff.fields.reason')}</Table.Th>
            <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
            <Table.Th>{t('tradeStaff.fields.providerRef')}</Table.Th>
            <Table.Th>{t('tradeStaff.fields.time')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {refunds.map((r) => (
            <Table.Tr key={r.id} data-testid="order-refund" data-status={r.status}>
              <Table.Td ta="right"><Text size="sm" fw={500}>{f.money(r.amount)}</Text></Table.Td>
              <Table.Td maw={280}><Text size="sm" lineClamp={2} translate="no">{r.reason}</Text></Table.Td>
              <Table.Td>
                <PaymentStatusBadge status={r.status} kind="refund" />
                {r.failureReason && <Text size="xs" c="red.7" translate={/^[a-z_]+$/.test(r.failureReason) ? undefined : 'no'}>{tData(t, `tradeStaff.failure.${r.failureReason}`, r.failureReason)}</Text>}
              </Table.Td>
              <Table.Td><Text size="xs" className="shiji-mono" translate="no">{r.providerRef ?? '—'}</Text></Table.Td>
              <Table.Td><Text size="xs" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(r.succeededAt ?? r.createdAt)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What a modification proposal changes, in words, with titles from the order's lines. */
function ModificationChanges({ m, order }: { m: Modification; order: OrderDetail }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const line = (skuId: string) => order.lines.find((l) => l.skuId === skuId);
  // As the API stores them: quantity changes from → to per SKU, a new note, another address (id and region).
  const changes = m.changes as { lines?: Array<{ skuId: string; from: number; to: number }>; note?: string; addressId?: string; region?: string };
  const parts: ReactNode[] = [];
  for (const c of changes.lines ?? []) {
    const l = line(c.skuId);
    parts.push(
      <Text size="sm" key={`l-${c.skuId}`}>
        <span translate="no">{l?.title ?? c.skuId}</span>{l?.specification ? <Text span c="dimmed" translate="no"> · {l.specification}</Text> : null}
        {t('tradeStaff.common.colon')}
        {f.quantity(c.from, l?.salesUnit)} → {c.to === 0 ? t('tradeStaff.modifications.removed') : f.quantity(c.to, l?.salesUnit)}
      </Text>,
    );
  }
  if (changes.note !== undefined) parts.push(<Text size="sm" key="note">{t('tradeStaff.modifications.noteTo')}<span translate="no">{changes.note || '—'}</span></Text>);
  if (changes.addressId !== undefined) {
    parts.push(<Text size="sm" key="addr">{t('tradeStaff.modifications.addressChanged')}{changes.region ? <span translate="no">{t('tradeStaff.common.colon')}{changes.region}</span> : null}</Text>);
  }
  return <Stack gap={2}>{parts}</Stack>;
}

const MOD_COLOR: Record<Modification['status'], string> = { pending: 'yellow', applied: 'green', rejected: 'red', withdrawn: 'gray' };

/**
 * Modification proposals (MS-ORD-01): what changes, the price effect, who proposed it, and — for a
 * pending one awaiting `side` — accept and reject buttons.
 */
export function ModificationsList({ order, side, onAccept, onReject, busy }: {
  order: OrderDetail; side: 'seller' | 'operator'; busy?: boolean;
  onAccept?: (m: Modification) => void; onReject?: (m: Modification) => void;
}) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  if (order.modifications.length === 0) return <Text size="sm" c="dimmed">{t('tradeStaff.modifications.none')}</Text>;
  return (
    <Stack gap="sm" data-testid="order-modifications">
      {order.modifications.map((m) => {
        const mine = m.status === 'pending' && m.needsAcceptanceBy === side;
        return (
          <Card key={m.id} withBorder radius="md" padding="sm" data-testid="modification" data-status={m.status}
            bg={mine ? 'var(--mantine-color-yellow-0)' : undefined}>
            <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
              <Stack gap={4} style={{ flex: '1 1 280px' }}>
                <Group gap="xs">
                  <Badge tt="none" variant="light" color={MOD_COLOR[m.status]}>{t(`tradeStaff.modifications.status.${m.status}`)}</Badge>
                  <Text size="xs" c="dimmed">{t('tradeStaff.modifications.by', { who: t(`tradeStaff.actor.${m.proposedBy}`), time: f.dateTime(m.createdAt) })}</Text>
                </Group>
                <ModificationChanges m={m} order={order} />
                {m.priceDelta.amount !== 0 && (
                  <Text size="sm" fw={500} c={m.priceDelta.amount < 0 ? 'green.8' : 'orange.8'}>
                    {t('tradeStaff.modifications.priceDelta', { amount: `${m.priceDelta.amount > 0 ? '+' : ''}${f.money(m.priceDelta)}` })}
                  </Text>
                )}
                {m.reason && <Text size="sm" c="dimmed" translate="no">{m.reason}</Text>}
                {m.status === 'pending' && m.needsAcceptanceBy && !mine && (
                  <Text size="xs" c="dimmed">{t('tradeStaff.modifications.waitingFor', { who: t(`tradeStaff.actor.${m.needsAcceptanceBy}`) })}</Text>
                )}
                {m.decisionNote && <Text size="xs" c="dimmed" translate="no">{m.decisionNote}</Text>}
              </Stack>
              {mine && onAccept && onReject && (
                <Group gap="xs">
                  <Button size="xs" color="green" leftSection={<IconCheck size={14} />} loading={busy} onClick={() => onAccept(m)} data-testid="modification-accept">
                    {t('tradeStaff.modifications.accept')}
                  </Button>
                  <Button size="xs" variant="default" color="red" leftSection={<IconX size={14} />} disabled={busy} onClick={() => onReject(m)} data-testid="modification-reject">
                    {t('tradeStaff.modifications.reject')}
                  </Button>
                </Group>
              )}
            </Group>
          </Card>
        );
      })}
    </Stack>
  );
}

/** Label above, value below: for the facts of an order, statement or payout. */
export function Fact({ label, children, testid }: { label: ReactNode; children: ReactNode; testid?: string }) {
  return (
    <Stack gap={2} data-testid={testid}>
      <Text size="xs" c="dimmed" fw={500}>{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </Stack>
  );
}

/** "¥1,234.00" with a tooltip; negative amounts red. */
export function Amount({ value, strong, tooltip }: { value: { amount: number; currency: string } | null | undefined; strong?: boolean; tooltip?: string }) {
  const f = useTradeFmt();
  const text = <Text span size="sm" fw={strong ? 700 : undefined} c={value && value.amount < 0 ? 'red.7' : undefined} style={{ whiteSpace: 'nowrap' }}>{f.money(value)}</Text>;
  return tooltip ? <Tooltip label={tooltip}>{text}</Tooltip> : text;
}

/** A journal entry's kind in words ("订单付款", "退款"); a reversal says so. Unknown kinds are shown as they are. */
export function EntryKind({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const reversal = kind.endsWith('.reversal');
  const base = reversal ? kind.slice(0, -'.reversal'.length) : kind;
  const label = tData(t, `tradeStaff.entryKind.${base.replace(/\./g, '_')}`, base);
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm" translate={label === base ? 'no' : undefined}>{label}</Text>
      {reversal && <Badge size="xs" tt="none" color="orange" variant="light">{t('tradeStaff.ledger.reversal')}</Badge>}
    </Group>
  );
}

/**
 * A statement's period: first and last day (the API's end is exclusive), and — for a statement issued
 * while its period was still running — the moment its figures run to.
 */
export function PeriodText({ s }: { s: { periodFrom: string; periodTo: string; coversTo: string } }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  // periodTo is a Shanghai date: the period proper ends at its midnight (+08:00).
  const partial = new Date(s.coversTo).getTime() < new Date(`${s.periodTo}T00:00:00+08:00`).getTime();
  return (
    // Spans only: it also sits inside a page description paragraph.
    <Stack gap={0} component="span">
      <Text component="span" size="sm" style={{ whiteSpace: 'nowrap' }}>
        {t('tradeStaff.statements.periodRange', { from: f.date(s.periodFrom), to: f.date(periodLastDay(s.periodTo)) })}
      </Text>
      {partial && <Text component="span" size="xs" c="orange.8" style={{ whiteSpace: 'nowrap' }}>{t('tradeStaff.statements.coversTo', { time: f.dateTime(s.coversTo) })}</Text>}
    </Stack>
  );
}
