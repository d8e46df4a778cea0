import { Alert, Badge, Button, Card, Grid, Group, Modal, NumberInput, Stack, Table, Text, Textarea, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconEdit, IconMessage, IconReceiptRefund, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { keys, sellerApi } from './api';
import { ConfirmModal, ReasonModal, RefundModal } from './dialogs';
import { useTradeFmt } from './format';
import { idempotencyKey } from './http';
import { DueLine, EventTimeline, Fact, ModificationsList, OrderLines, OrderStatusBadge, OverdueBadge, PaymentsTable, ReasonText, RefundsTable, Section } from './parts';
import { TradeProblem } from './problem';
import type { CheckLine, Modification, OrderDetail } from './types';

/** Statuses in which the order can still be refunded in part (after payment, not cancelled). */
const REFUNDABLE = new Set(['paid', 'confirmed', 'allocated', 'handed_over', 'in_delivery', 'delivered', 'refused', 'completed', 'after_sales']);
/** Statuses in which the order can still be modified (before confirmation, MS-ORD-01). */
const MODIFIABLE = new Set(['placed', 'paid']);

/** The confirmation check (MS-ORD-02): per line SKU code, quantity and sales unit, allocatable stock, enough or not; the consumer's note. */
function CheckTable({ check }: { check: CheckLine[] }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const phone = useMediaQuery('(max-width: 48em)');
  const result = (l: CheckLine) => (l.enough
    ? <Badge tt="none" color="green" variant="light" leftSection={<IconCheck size={12} />}>{t('tradeStaff.check.enough')}</Badge>
    : <Badge tt="none" color="red" variant="filled" leftSection={<IconX size={12} />}>{t('tradeStaff.check.short', { count: l.quantity - l.allocatable })}</Badge>);
  if (phone) {
    return (
      <Stack gap="xs" data-testid="order-check">
        {check.map((l) => (
          <Card key={l.skuId} withBorder radius="md" padding="sm" data-testid="check-line" data-enough={l.enough ? 'true' : 'false'}
            bg={l.enough ? undefined : 'var(--mantine-color-red-0)'}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" lineClamp={2} translate="no">{l.title}</Text>
                <Text size="xs" c="dimmed" translate="no">{[l.specification, l.skuCode].filter(Boolean).join(' · ')}</Text>
              </Stack>
              {result(l)}
            </Group>
            <Group gap="lg" mt={6}>
              <Text size="sm">{t('tradeStaff.fields.quantity')}{t('tradeStaff.common.colon')}<b>{f.quantity(l.quantity, l.salesUnit)}</b></Text>
              <Text size="sm" c={l.enough ? undefined : 'red.7'}>{t('tradeStaff.fields.allocatable')}{t('tradeStaff.common.colon')}{f.count(l.allocatable)}</Text>
            </Group>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="xs" data-testid="order-check">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tradeStaff.fields.skuCode')}</Table.Th>
            <Table.Th>{t('tradeStaff.fields.product')}</Table.Th>
            <Table.Th ta="right">{t('tradeStaff.fields.quantity')}</Table.Th>
            <Table.Th ta="right">{t('tradeStaff.fields.allocatable')}</Table.Th>
            <Table.Th>{t('tradeStaff.check.result')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {check.map((l) => (
            <Table.Tr key={l.skuId} data-testid="check-line" data-enough={l.enough ? 'true' : 'false'} bg={l.enough ? undefined : 'var(--mantine-color-red-0)'}>
              <Table.Td><Text size="sm" className="shiji-mono" translate="no">{l.skuCode || '—'}</Text></Table.Td>
              <Table.Td maw={300}>
                <Text size="sm" lineClamp={1} translate="no">{l.title}</Text>
                {l.specification && <Text size="xs" c="dimmed" translate="no">{l.specification}</Text>}
              </Table.Td>
              <Table.Td ta="right"><Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{f.quantity(l.quantity, l.salesUnit)}</Text></Table.Td>
              <Table.Td ta="right"><Text size="sm" c={l.enough ? undefined : 'red.7'} fw={l.enough ? undefined : 600}>{f.count(l.allocatable)}</Text></Table.Td>
              <Table.Td>{result(l)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type ProposeForm = { quantities: Record<string, number | string>; reason: string };

/** The seller proposes a quantity cut before confirmation (e.g. stock is short); the consumer must accept a price change (MS-ORD-01). */
function ProposeModal({ order, opened, onClose }: { order: OrderDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const form = useForm<ProposeForm>({
    initialValues: { quantities: Object.fromEntries(order.lines.map((l) => [l.skuId, l.quantity])), reason: '' },
    validate: {
      reason: (v) => (v.trim().length < 2 ? t('tradeStaff.validation.reasonShort') : null),
    },
  });
  const changed = order.lines.filter((l) => Number(form.values.quantities[l.skuId]) !== l.quantity);
  const propose = useMutation({
    mutationFn: (v: ProposeForm) => sellerApi.propose(order.id, {
      lines: order.lines.filter((l) => Number(v.quantities[l.skuId]) !== l.quantity).map((l) => ({ skuId: l.skuId, quantity: Number(v.quantities[l.skuId]) })),
      reason: v.reason.trim(),
    }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('tradeStaff.modifications.proposed') });
      close();
    },
  });
  const close = () => { form.reset(); propose.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={t('tradeStaff.modifications.proposeTitle')} size="lg" data-testid="propose-dialog">
      <form noValidate onSubmit={form.onSubmit((v) => propose.mutate(v))}>
        <Stack gap="sm">
          <TradeProblem error={propose.error} />
          <Text size="sm" c="dimmed">{t('tradeStaff.modifications.proposeHint')}</Text>
          {order.lines.length === 1 && order.lines[0]!.quantity === 1 && <Alert color="gray" variant="light">{t('tradeStaff.modifications.nothingToCut')}</Alert>}
          {order.lines.map((l) => (
            <Group key={l.skuId} justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" lineClamp={1} translate="no">{l.title}</Text>
                <Text size="xs" c="dimmed" translate="no">{[l.specification, f.money(l.unitPrice)].filter(Boolean).join(' · ')}</Text>
              </Stack>
              <NumberInput w={120} min={order.lines.length > 1 ? 0 : 1} max={l.quantity} allowDecimal={false} allowNegative={false} clampBehavior="strict"
                aria-label={t('tradeStaff.fields.quantity')} data-testid={`propose-qty-${l.skuId}`} {...form.getInputProps(`quantities.${l.skuId}`)} />
            </Group>
          ))}
          <Textarea label={t('tradeStaff.modifications.reason')} required autosize minRows={2} maxLength={500} data-testid="propose-reason" {...form.getInputProps('reason')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" disabled={changed.length === 0} loading={propose.isPending} data-testid="propose-submit">{t('tradeStaff.modifications.propose')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * 订单详情 in the seller center: the confirmation check with 确认订单 / 拒绝, lines and amounts,
 * modification proposals, payments and refunds (partial refunds allowed), and the event timeline.
 */
export function OrderDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const me = useMe();
  const manage = can(me.data, 'order:manage');
  const q = useQuery({ queryKey: keys.order(id), queryFn: () => sellerApi.order(id) });
  const [dialog, setDialog] = useState<null | 'reject' | 'refund' | 'propose' | 'confirmShort' | { reject: Modification }>(null);
  const refundKey = useRef<string>(idempotencyKey());
  const done = (message: string) => {
    void qc.invalidateQueries({ queryKey: keys.all });
    notifications.show({ color: 'green', message });
    setDialog(null);
  };
  const confirm = useMutation({
    mutationFn: () => sellerApi.confirm(id),
    onSuccess: (o) => { qc.setQueryData(keys.order(id), o); done(t('tradeStaff.order.confirmed', { number: o.number })); },
  });
  const reject = useMutation({
    mutationFn: (reason: string) => sellerApi.reject(id, reason),
    onSuccess: () => done(t('tradeStaff.order.rejected')),
  });
  const refund = useMutation({
    mutationFn: (v: { amount: number; reason: string }) => sellerApi.refund(id, v, refundKey.current),
    onSuccess: () => { refundKey.current = idempotencyKey(); done(t('tradeStaff.refund.requested')); },
  });
  const decide = useMutation({
    mutationFn: (v: { m: Modification; decision: 'accept' | 'reject'; note?: string }) => sellerApi.decide(id, v.m.id, v.decision, v.note),
    onSuccess: (_r, v) => done(t(v.decision === 'accept' ? 'tradeStaff.modifications.accepted' : 'tradeStaff.modifications.rejectedDone')),
  });
  if (q.isPending) return <Loading />;
  if (!q.data) return <Page title={t('tradeStaff.order.title')}><TradeProblem error={q.error} /></Page>;
  const o = q.data;
  const check = o.check;
  const short = check ? check.some((l) => !l.enough) : false;
  const refundable = { amount: o.total.amount - o.refunded.amount, currency: o.total.currency };
  const canRefund = manage && REFUNDABLE.has(o.status) && refundable.amount > 0;
  const canPropose = manage && MODIFIABLE.has(o.status) && !o.modifications.some((m) => m.status === 'pending');
  return (
    <Page
      title={<Group gap="sm" component="span"><span>{t('tradeStaff.order.title')}</span><Text span inherit className="shiji-mono" translate="no" data-testid="order-number">{o.number}</Text></Group>}
      description={t('tradeStaff.orders.placedAt', { time: f.dateTime(o.placedAt) })}
      actions={<Button variant="subtle" leftSection={<IconArrowLeft size={16} />} component={Link} to="/seller/orders">{t('tradeStaff.order.back')}</Button>}>
      <Group gap="sm" wrap="wrap" data-testid="order-header" data-status={o.status}>
        <OrderStatusBadge status={o.status} size="lg" />
        {o.overdue && <OverdueBadge />}
        <DueLine order={o} />
      </Group>
      <TradeProblem error={confirm.error} onClose={() => confirm.reset()} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {o.status === 'paid' && (
              <Section title={t('tradeStaff.check.title')} testid="order-check-card"
                actions={manage && (
                  <>
                    <Button color="red" variant="default" leftSection={<IconX size={16} />} onClick={() => setDialog('reject')} data-testid="order-reject">
                      {t('tradeStaff.order.reject')}
                    </Button>
                    <Button color="green" leftSection={<IconCheck size={16} />} loading={confirm.isPending} data-testid="order-confirm"
                      onClick={() => (short ? setDialog('confirmShort') : confirm.mutate())}>
                      {t('tradeStaff.order.confirm')}
                    </Button>
                  </>
                )}>
                <Text size="sm" c="dimmed">{t('tradeStaff.check.hint')}</Text>
                {check ? <CheckTable check={check} /> : <Text size="sm" c="dimmed">{t('tradeStaff.check.unavailable')}</Text>}
                {short && (
                  <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="check-short">
                    {t('tradeStaff.check.shortHint')}
                  </Alert>
                )}
                {o.note && (
                  <Alert color="yellow" variant="light" icon={<IconMessage size={18} />} title={t('tradeStaff.fields.consumerNote')} data-testid="consumer-note">
                    <Text size="sm" translate="no">{o.note}</Text>
                  </Alert>
                )}
              </Section>
            )}
            <Section title={t('tradeStaff.order.lines')} padding={0}>
              <OrderLines order={o} />
            </Section>
            {(o.modifications.length > 0 || canPropose) && <Section title={t('tradeStaff.modifications.title')}
              actions={canPropose && (
                <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setDialog('propose')} data-testid="order-propose">
                  {t('tradeStaff.modifications.propose')}
                </Button>
              )}>
              <TradeProblem error={decide.error} onClose={() => decide.reset()} />
              <ModificationsList order={o} side="seller" busy={decide.isPending}
                onAccept={(m) => decide.mutate({ m, decision: 'accept' })} onReject={(m) => setDialog({ reject: m })} />
            </Section>}
            <Section title={t('tradeStaff.order.paymentsAndRefunds')} padding={0}
              actions={manage && (
                <Tooltip label={t('tradeStaff.refund.notAllowed')} disabled={canRefund}>
                  <Button size="xs" variant="light" color="orange" leftSection={<IconReceiptRefund size={14} />} disabled={!canRefund}
                    onClick={() => setDialog('refund')} data-testid="order-refund">
                    {t('tradeStaff.refund.button')}
                  </Button>
                </Tooltip>
              )}>
              <PaymentsTable payments={o.payments} />
              <Text size="sm" fw={600} px="lg" pt="xs">{t('tradeStaff.refunds.title')}</Text>
              <RefundsTable refunds={o.refunds} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Section title={t('tradeStaff.order.facts')}>
              <Stack gap="sm">
                <Fact label={t('tradeStaff.fields.total')}><Text fw={700} size="lg">{f.money(o.total)}</Text></Fact>
                <Fact label={t('tradeStaff.fields.paidAt')}>{f.dateTime(o.paidAt)}</Fact>
                <Fact label={t('tradeStaff.fields.confirmDueAt')}>{f.dateTime(o.confirmDueAt)}</Fact>
                {o.confirmedAt && <Fact label={t('tradeStaff.fields.confirmedAt')}>{f.dateTime(o.confirmedAt)}</Fact>}
                {o.cancelledAt && (
                  <Fact label={t('tradeStaff.fields.cancelledAt')}>
                    {f.dateTime(o.cancelledAt)}
                    {o.cancelReason && <ReasonText reason={o.cancelReason} c="dimmed" />}
                  </Fact>
                )}
                <Fact label={t('tradeStaff.fields.address')}>
                  <Stack gap={0} translate="no" data-testid="order-address">
                    {(o.address.recipient || o.address.phone) && <Text size="sm">{[o.address.recipient, o.address.phone].filter(Boolean).join(' · ')}</Text>}
                    <Text size="sm">{[o.address.region, o.address.detail].filter(Boolean).join(' ')}</Text>
                  </Stack>
                </Fact>
                {o.deliveryTerms && <Fact label={t('tradeStaff.fields.deliveryTerms')}><span translate="no">{o.deliveryTerms}</span></Fact>}
                {o.status !== 'paid' && o.note && <Fact label={t('tradeStaff.fields.consumerNote')}><span translate="no">{o.note}</span></Fact>}
              </Stack>
            </Section>
            <Section title={t('tradeStaff.order.timeline')}>
              <EventTimeline events={o.events} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
      <ReasonModal opened={dialog === 'reject'} onClose={() => { reject.reset(); setDialog(null); }} testid="reject"
        title={t('tradeStaff.order.rejectTitle', { number: o.number })} body={t('tradeStaff.order.rejectBody', { total: f.money(o.total) })}
        label={t('tradeStaff.fields.reason')} confirmLabel={t('tradeStaff.order.reject')} color="red" required
        pending={reject.isPending} error={reject.error} onSubmit={(r) => reject.mutate(r)} />
      <ConfirmModal opened={dialog === 'confirmShort'} onClose={() => setDialog(null)} testid="confirm-short"
        title={t('tradeStaff.order.confirmShortTitle')} body={t('tradeStaff.order.confirmShortBody')} confirmLabel={t('tradeStaff.order.confirm')}
        pending={confirm.isPending} error={null} onConfirm={() => confirm.mutate()} />
      <RefundModal opened={dialog === 'refund'} onClose={() => { refund.reset(); setDialog(null); }} max={refundable}
        pending={refund.isPending} error={refund.error} onSubmit={(v) => refund.mutate(v)}
        intro={<Text size="sm" c="dimmed">{t('tradeStaff.refund.sellerHint')}</Text>} />
      {dialog === 'propose' && <ProposeModal order={o} opened onClose={() => setDialog(null)} />}
      <ReasonModal opened={typeof dialog === 'object' && dialog !== null} onClose={() => { decide.reset(); setDialog(null); }} testid="modification-reject"
        title={t('tradeStaff.modifications.rejectTitle')} label={t('tradeStaff.fields.note')} confirmLabel={t('tradeStaff.modifications.reject')} color="red"
        required={false} pending={decide.isPending} error={decide.error}
        onSubmit={(note) => typeof dialog === 'object' && dialog && decide.mutate({ m: dialog.reject, decision: 'reject', note })} />
      {!manage && (
        <Alert color="gray" variant="light" icon={<IconAlertTriangle size={16} />}>{t('tradeStaff.order.readOnly')}</Alert>
      )}
    </Page>
  );
}
