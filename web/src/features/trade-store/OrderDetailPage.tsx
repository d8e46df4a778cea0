import {
  Alert, Anchor, Badge, Button, Card, Container, Grid, Group, Modal, Radio, Select, Stack, Text, Textarea, Timeline, Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle, IconArrowLeft, IconBuildingStore, IconCircleCheck, IconCircleDot, IconCircleX, IconEdit, IconMessageQuestion,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { Loading } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { tData } from '../../lib/i18n-dynamic';
import { moneyText } from '../shop/format';
import {
  useAddresses, useCancelOrder, useCreateEnquiry, useDecideModification, useEnquiries, useOrder, useProposeModification,
  type EnquirySubject, type Modification, type OrderDetail, type PaymentRecord, type RefundRecord,
} from './api';
import { quantityText } from './format';
import { AccountFrame, OverdueBadge, SpecAndUnit, Thumb } from './parts';
import { TradeProblem } from './TradeProblem';
import classes from './trade.module.css';

const CANCELLABLE = new Set(['placed', 'paid']);
const MODIFIABLE = new Set(['placed', 'paid']);

function Box({ title, children, testId, action }: { title: string; children: React.ReactNode; testId?: string; action?: React.ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" data-testid={testId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs"><Title order={2} size="h5">{title}</Title>{action}</Group>
        {children}
      </Stack>
    </Card>
  );
}

function CancelModal({ order, opened, onClose }: { order: OrderDetail; opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const cancel = useCancelOrder(order.id);
  const reasons = ['changed_mind', 'wrong_item', 'wrong_address', 'too_slow', 'other'] as const;
  const [reason, setReason] = useState<(typeof reasons)[number]>('changed_mind');
  const [other, setOther] = useState('');
  const text = reason === 'other' ? other.trim() : t(`tradeStore.order.cancelReasons.${reason}`);
  return (
    <Modal opened={opened} onClose={onClose} title={t('tradeStore.order.cancelTitle')} centered>
      <Stack gap="sm">
        <Text size="sm">{order.status === 'placed' ? t('tradeStore.order.cancelUnpaid') : t('tradeStore.order.cancelPaid', { amount: moneyText(order.total, i18n.language) })}</Text>
        <Radio.Group label={t('tradeStore.order.cancelReason')} value={reason} onChange={(v) => setReason(v as typeof reason)}>
          <Stack gap={6} mt={6}>{reasons.map((r) => <Radio key={r} value={r} label={t(`tradeStore.order.cancelReasons.${r}`)} data-testid={`cancel-reason-${r}`} />)}</Stack>
        </Radio.Group>
        {reason === 'other' && (
          <Textarea label={t('tradeStore.order.cancelOther')} required value={other} onChange={(e) => setOther(e.currentTarget.value)} maxLength={200} autosize minRows={2}
            data-testid="cancel-reason-text" />
        )}
        <TradeProblem error={cancel.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>{t('tradeStore.order.cancelKeep')}</Button>
          <Button color="red" disabled={!text} loading={cancel.isPending} data-testid="cancel-confirm"
            onClick={() => cancel.mutate(text, { onSuccess: () => { notifications.show({ color: 'green', message: t('tradeStore.order.cancelled') }); onClose(); } })}>
            {t('tradeStore.order.cancelConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ProposeModal({ order, opened, onClose }: { order: OrderDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const addresses = useAddresses(opened);
  const propose = useProposeModification(order.id);
  const [addressId, setAddressId] = useState<string | null>(null);
  const [note, setNote] = useState(order.note);
  const noteChanged = note.trim() !== order.note;
  const nothing = !addressId && !noteChanged;
  return (
    <Modal opened={opened} onClose={onClose} title={t('tradeStore.modification.proposeTitle')} centered size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{t('tradeStore.modification.proposeHint')}</Text>
        <Select label={t('tradeStore.modification.address')} placeholder={t('tradeStore.modification.keepAddress')} clearable value={addressId} onChange={setAddressId}
          data={(addresses.data ?? []).map((a) => ({ value: a.id, label: `${a.recipient} ${a.phone} · ${a.region} ${a.detail}` }))}
          data-testid="modify-address" comboboxProps={{ withinPortal: true }} />
        <Textarea label={t('tradeStore.modification.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={200} autosize minRows={2}
          data-testid="modify-note" />
        <TradeProblem error={propose.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={nothing} loading={propose.isPending} data-testid="modify-submit"
            onClick={() => propose.mutate({ ...(addressId ? { addressId } : {}), ...(noteChanged ? { note: note.trim() } : {}) }, {
              onSuccess: () => { notifications.show({ color: 'green', message: t('tradeStore.modification.submitted') }); onClose(); },
            })}>
            {t('tradeStore.modification.submit')}
          </Button>
        </Group>
        {nothing && <Text size="xs" c="dimmed" ta="right">{t('tradeStore.modification.nothing')}</Text>}
      </Stack>
    </Modal>
  );
}

function EnquiryModal({ orderId, subject, onClose }: { orderId: string; subject: { type: EnquirySubject; id: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateEnquiry(orderId);
  const [message, setMessage] = useState('');
  const what = subject ? t(`tradeStore.enquiry.subject.${subject.type}`) : '';
  return (
    <Modal opened={subject !== null} onClose={onClose} title={t('tradeStore.enquiry.formTitle', { subject: what })} centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{t('tradeStore.enquiry.formHint')}</Text>
        <Textarea label={t('tradeStore.enquiry.message')} placeholder={t('tradeStore.enquiry.messagePlaceholder')} required value={message}
          onChange={(e) => setMessage(e.currentTarget.value)} maxLength={1000} autosize minRows={3} data-testid="enquiry-message" />
        <TradeProblem error={create.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={!message.trim()} loading={create.isPending} data-testid="enquiry-submit"
            onClick={() => subject && create.mutate({ subjectType: subject.type, subjectId: subject.id, message: message.trim() }, {
              onSuccess: () => { notifications.show({ color: 'green', message: t('tradeStore.enquiry.submitted') }); setMessage(''); onClose(); },
            })}>
            {t('tradeStore.enquiry.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const PAYMENT_COLOR = { pending: 'orange', held: 'yellow', succeeded: 'teal', failed: 'red', cancelled: 'gray' } as const;
const REFUND_COLOR = { held: 'yellow', pending: 'orange', succeeded: 'teal', failed: 'red', rejected: 'red' } as const;

function PaymentItem({ p, orderTotal, onAsk, asked }: { p: PaymentRecord; orderTotal: number; onAsk: () => void; asked: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Stack gap={6} py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }} data-testid="order-payment" data-status={p.status}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs"><Text size="sm" fw={600} translate="no">{p.provider.name}</Text>
          <Badge color={PAYMENT_COLOR[p.status]} variant="light" radius="sm" tt="none">{t(`tradeStore.paymentStatus.${p.status}`)}</Badge></Group>
        <Text size="sm" fw={700}>{moneyText(p.amount, lng)}</Text>
      </Group>
      <dl className={classes.kv}>
        <dt>{t('tradeStore.order.providerRef')}</dt><dd className="shiji-mono" translate="no" data-testid="payment-provider-ref">{p.providerRef ?? '—'}</dd>
        {p.payerMasked && <><dt>{t('tradeStore.order.payer')}</dt><dd translate="no">{p.payerMasked}</dd></>}
        <dt>{t('tradeStore.order.time')}</dt><dd>{formatDateTime(p.succeededAt ?? p.createdAt, lng)}</dd>
        {p.refunded.amount > 0 && <><dt>{t('tradeStore.order.refunded')}</dt><dd>{moneyText(p.refunded, lng)}</dd></>}
      </dl>
      {p.amount.amount > orderTotal && <Text size="xs" c="dimmed">{t('tradeStore.order.paymentCovers')}</Text>}
      {p.failureReason && <Text size="xs" c="red.8" translate="no">{t('tradeStore.order.failure', { reason: p.failureReason })}</Text>}
      {(p.status === 'failed' || p.status === 'held') && !asked && (
        <Button variant="light" size="xs" leftSection={<IconMessageQuestion size={14} />} onClick={onAsk} w="fit-content" data-testid="payment-enquire">
          {t('tradeStore.enquiry.ask', { subject: t('tradeStore.enquiry.subject.payment') })}
        </Button>
      )}
    </Stack>
  );
}

function RefundItem({ r, onAsk, asked }: { r: RefundRecord; onAsk: () => void; asked: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Stack gap={6} py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }} data-testid="order-refund" data-status={r.status}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Badge color={REFUND_COLOR[r.status]} variant="light" radius="sm" tt="none">{t(`tradeStore.refundStatus.${r.status}`)}</Badge>
        <Text size="sm" fw={700}>{moneyText(r.amount, lng)}</Text>
      </Group>
      <dl className={classes.kv}>
        <dt>{t('tradeStore.order.reason')}</dt><dd translate="no">{r.reason}</dd>
        <dt>{t('tradeStore.order.providerRef')}</dt><dd className="shiji-mono" translate="no" data-testid="refund-provider-ref">{r.providerRef ?? '—'}</dd>
        <dt>{t('tradeStore.order.time')}</dt><dd>{formatDateTime(r.succeededAt ?? r.createdAt, lng)}</dd>
      </dl>
      {r.failureReason && <Text size="xs" c="red.8" translate="no">{t('tradeStore.order.failure', { reason: r.failureReason })}</Text>}
      {(r.status === 'failed' || r.status === 'held') && !asked && (
        <Button variant="light" size="xs" leftSection={<IconMessageQuestion size={14} />} onClick={onAsk} w="fit-content" data-testid="refund-enquire">
          {t('tradeStore.enquiry.ask', { subject: t('tradeStore.enquiry.subject.refund') })}
        </Button>
      )}
    </Stack>
  );
}

function ModificationItem({ orderId, m, titles }: { orderId: string; m: Modification; titles: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const decide = useDecideModification(orderId);
  const mine = m.proposedBy === 'consumer';
  const needsMe = m.status === 'pending' && m.needsAcceptanceBy === 'consumer';
  // changes: { addressId, region } / { note } / { lines: [{ skuId, from, to }] } (order module, MS-ORD-01)
  const c = m.changes;
  const region = typeof c.region === 'string' ? c.region : null;
  const note = typeof c.note === 'string' ? c.note : null;
  const lines = Array.isArray(c.lines) ? (c.lines as Array<{ skuId?: unknown; from?: unknown; to?: unknown }>) : [];
  return (
    <Stack gap={6} py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }} data-testid="order-modification" data-status={m.status}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" fw={600}>{mine ? t('tradeStore.modification.byYou') : t('tradeStore.modification.bySeller')}</Text>
        <Group gap={6}>
          <Text size="xs" c="dimmed">{formatDateTime(m.createdAt, lng)}</Text>
          <Badge variant="light" radius="sm" tt="none" color={m.status === 'pending' ? 'orange' : m.status === 'applied' ? 'teal' : 'gray'}>
            {t(`tradeStore.modification.status.${m.status}`)}
          </Badge>
        </Group>
      </Group>
      {region && <Text size="sm">{t('tradeStore.modification.changeAddress', { region })}</Text>}
      {note !== null && <Text size="sm" translate="no">{t('tradeStore.modification.changeNote', { note: note || t('tradeStore.order.noNote') })}</Text>}
      {lines.map((l) => (
        <Text key={String(l.skuId)} size="sm">
          {t('tradeStore.modification.changeLine', { title: titles.get(String(l.skuId)) ?? String(l.skuId), from: Number(l.from), quantity: Number(l.to) })}
        </Text>
      ))}
      {m.priceDelta.amount !== 0 && (
        <Text size="sm" fw={600} c={m.priceDelta.amount < 0 ? 'teal.8' : 'red.8'}>
          {t('tradeStore.modification.priceDelta', { amount: `${m.priceDelta.amount > 0 ? '+' : ''}${moneyText(m.priceDelta, lng)}` })}
        </Text>
      )}
      {m.reason && <Text size="xs" c="dimmed" translate="no">{t('tradeStore.modification.reason', { reason: m.reason })}</Text>}
      {m.status === 'pending' && mine && m.needsAcceptanceBy === 'seller' && <Text size="xs" c="orange.8">{t('tradeStore.modification.pendingBySeller')}</Text>}
      {needsMe && (
        <Stack gap={6}>
          <Text size="xs" c="orange.8">{t('tradeStore.modification.pendingByYou')}</Text>
          <TradeProblem error={decide.error} />
          <Group gap="xs">
            <Button size="xs" loading={decide.isPending && decide.variables?.decision === 'accept'} data-testid="modification-accept"
              onClick={() => decide.mutate({ id: m.id, decision: 'accept' }, { onSuccess: () => notifications.show({ color: 'green', message: t('tradeStore.modification.accepted') }) })}>
              {t('tradeStore.modification.accept')}
            </Button>
            <Button size="xs" variant="default" loading={decide.isPending && decide.variables?.decision === 'reject'} data-testid="modification-reject"
              onClick={() => decide.mutate({ id: m.id, decision: 'reject' }, { onSuccess: () => notifications.show({ color: 'green', message: t('tradeStore.modification.rejected') }) })}>
              {t('tradeStore.modification.reject')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

function EventIcon({ to }: { to: string | null }) {
  if (to === 'cancelled' || to === 'refused') return <IconCircleX size={14} />;
  if (to === 'completed' || to === 'paid' || to === 'confirmed') return <IconCircleCheck size={14} />;
  return <IconCircleDot size={14} />;
}

function OrderView({ order: o }: { order: OrderDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const enquiries = useEnquiries();
  const [cancelling, setCancelling] = useState(false);
  const [proposing, setProposing] = useState(false);
  const [asking, setAsking] = useState<{ type: EnquirySubject; id: string } | null>(null);
  const pendingMod = o.modifications.some((m) => m.status === 'pending');
  const mine = (enquiries.data ?? []).filter((e) => e.orderId === o.id);
  // One open enquiry per payment or refund is enough: the button comes back once it is resolved.
  const openAbout = new Set((enquiries.data ?? []).filter((e) => e.status !== 'resolved').map((e) => e.subjectId));
  const a = o.address;
  const events = o.events;
  const titles = new Map(o.lines.map((l) => [l.skuId, l.title]));
  return (
    <Stack gap="md" data-testid="order-detail" data-order-id={o.id} data-status={o.status}>
      <Anchor component={Link} to="/account/orders" size="sm"><Group gap={4} wrap="nowrap"><IconArrowLeft size={14} />{t('tradeStore.order.back')}</Group></Anchor>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Stack gap={4}>
              <Group gap="sm" wrap="wrap">
                <Title order={1} fz={{ base: 20, sm: 24 }} data-testid="order-status" data-status={o.status}>{t(`tradeStore.status.${o.status}`)}</Title>
                {o.overdue && o.status === 'paid' && <OverdueBadge />}
              </Group>
              <Text size="sm" c="dimmed" translate="no" data-testid="order-number">{t('tradeStore.orders.number', { number: o.number })}</Text>
              {o.status === 'paid' && o.confirmDueAt && (
                <Text size="sm" fw={500} c={o.overdue ? 'red.8' : 'blue.8'} data-testid="order-confirm-due">{t('tradeStore.due.confirmBy', { time: formatDateTime(o.confirmDueAt, lng) })}</Text>
              )}
              {o.confirmedAt && <Text size="sm" c="teal.8" data-testid="order-confirmed-at">{t('tradeStore.due.confirmedAt', { time: formatDateTime(o.confirmedAt, lng) })}</Text>}
            </Stack>
            <Group gap="xs">
              {o.status === 'placed' && o.checkoutId && (
                <Button component={Link} to={`/checkout/result?checkout=${encodeURIComponent(o.checkoutId)}`} data-testid="order-pay">{t('tradeStore.order.payNow')}</Button>
              )}
              {MODIFIABLE.has(o.status) && !pendingMod && (
                <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setProposing(true)} data-testid="order-modify">
                  {t('tradeStore.modification.propose')}
                </Button>
              )}
              {CANCELLABLE.has(o.status) && (
                <Button variant="outline" color="red" onClick={() => setCancelling(true)} data-testid="order-cancel">{t('tradeStore.order.cancel')}</Button>
              )}
            </Group>
          </Group>
          {o.overdue && o.status === 'paid' && o.confirmDueAt && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="order-overdue-alert">
              {t('tradeStore.due.overdueBody', { time: formatDateTime(o.confirmDueAt, lng) })}
            </Alert>
          )}
          {o.status === 'cancelled' && o.cancelReason && (
            <Text size="sm" c="dimmed" data-testid="order-cancel-reason">
              {t('tradeStore.order.cancelReasonLine', { reason: tData(t, `tradeStore.order.reasonCode.${o.cancelReason}`, o.cancelReason) })}
            </Text>
          )}
        </Stack>
      </Card>
      {o.modifications.length > 0 && (
        <Box title={t('tradeStore.modification.title')} testId="order-modifications">
          <div>{o.modifications.map((m) => <ModificationItem key={m.id} orderId={o.id} m={m} titles={titles} />)}</div>
        </Box>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Box title={t('tradeStore.order.lines')} testId="order-lines"
              action={<Group gap={4} wrap="nowrap"><IconBuildingStore size={16} aria-hidden /><Text size="sm" fw={600} translate="no" data-testid="order-seller">{o.seller.name}</Text></Group>}>
              <div>
                {o.lines.map((l) => (
                  <div key={l.skuId} className={classes.offerLine} data-testid="order-line" data-sku-id={l.skuId}>
                    <Link to={`/p/${encodeURIComponent(l.productId)}?sku=${encodeURIComponent(l.skuId)}`} tabIndex={-1} aria-hidden><Thumb url={l.imageUrl} size={64} /></Link>
                    <Stack gap={4} style={{ minWidth: 0 }}>
                      <Anchor component={Link} to={`/p/${encodeURIComponent(l.productId)}?sku=${encodeURIComponent(l.skuId)}`} size="sm" fw={500} c="dark" underline="hover" lineClamp={2} translate="no">{l.title}</Anchor>
                      <SpecAndUnit specification={l.specification} salesUnit={l.salesUnit} />
                      {l.priceType !== 'market' && <Badge variant="outline" color="blue" radius="sm" tt="none" size="sm" w="fit-content">{t(`tradeStore.priceType.${l.priceType}`)}</Badge>}
                    </Stack>
                    <div className={classes.offerNumbers}>
                      <Stack gap={0}><Text size="xs" c="dimmed">{t('tradeStore.checkout.unitPrice')}</Text><Text size="sm">{moneyText(l.unitPrice, lng)}</Text></Stack>
                      <Stack gap={0}><Text size="xs" c="dimmed">{t('tradeStore.checkout.quantity')}</Text><Text size="sm" data-testid="order-line-quantity">{quantityText(t, l.salesUnit, l.quantity, lng)}</Text></Stack>
                      <Stack gap={0}><Text size="xs" c="dimmed">{t('tradeStore.checkout.lineTotal')}</Text><Text size="sm" fw={600}>{moneyText(l.lineTotal, lng)}</Text></Stack>
                    </div>
                  </div>
                ))}
              </div>
            </Box>
            <Box title={t('tradeStore.order.timeline')} testId="order-timeline">
              <Timeline active={events.length - 1} bulletSize={22} lineWidth={2}>
                {events.map((e, i) => (
                  <Timeline.Item key={`${e.at}-${i}`} bullet={<EventIcon to={e.toStatus} />} data-testid="order-event" data-action={e.action}
                    color={e.toStatus === 'cancelled' ? 'red' : undefined}
                    title={<Text size="sm" fw={600}>{tData(t, `tradeStore.order.event.${e.action}`, e.action)}</Text>}>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(e.at, lng)} · {tData(t, `tradeStore.order.actor.${e.actorKind}`, e.actorKind)}
                      {e.toStatus && e.fromStatus !== e.toStatus && <> · {tData(t, `tradeStore.status.${e.toStatus}`, e.toStatus)}</>}
                    </Text>
                    {e.reason && <Text size="xs" c="dimmed">{t('tradeStore.order.eventReason', { reason: tData(t, `tradeStore.order.reasonCode.${e.reason}`, e.reason) })}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            </Box>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Box title={t('tradeStore.order.amounts')} testId="order-amounts">
              <Stack gap={6}>
                <Group justify="space-between"><Text size="sm" c="dimmed">{t('tradeStore.order.goods')}</Text><Text size="sm">{moneyText(o.goodsAmount, lng)}</Text></Group>
                <Group justify="space-between"><Text size="sm" c="dimmed">{t('tradeStore.order.shipping')}</Text><Text size="sm">{moneyText(o.shippingFee, lng)}</Text></Group>
                <Group justify="space-between" pt={6} style={{ borderTop: '1px dashed var(--mantine-color-gray-3)' }}>
                  <Text size="sm" fw={600}>{t('tradeStore.order.total')}</Text><Text fw={700} c="brand.7" data-testid="order-total">{moneyText(o.total, lng)}</Text>
                </Group>
                {o.refunded.amount > 0 && (
                  <Group justify="space-between"><Text size="sm" c="teal.8">{t('tradeStore.order.refunded')}</Text><Text size="sm" c="teal.8" data-testid="order-refunded">{moneyText(o.refunded, lng)}</Text></Group>
                )}
              </Stack>
            </Box>
            <Box title={t('tradeStore.order.address')} testId="order-address">
              <Stack gap={2}>
                <Text size="sm" fw={600} translate="no">{a.recipient} {a.phone}</Text>
                <Text size="sm" translate="no">{a.region} {a.detail}</Text>
              </Stack>
              <dl className={classes.kv}>
                <dt>{t('tradeStore.order.note')}</dt><dd translate="no" data-testid="order-note">{o.note || t('tradeStore.order.noNote')}</dd>
                {o.deliveryTerms && <><dt>{t('tradeStore.order.deliveryTerms')}</dt><dd translate="no">{o.deliveryTerms}</dd></>}
                <dt>{t('tradeStore.order.placedAt')}</dt><dd>{formatDateTime(o.placedAt, lng)}</dd>
                {o.paidAt && <><dt>{t('tradeStore.order.paidAt')}</dt><dd>{formatDateTime(o.paidAt, lng)}</dd></>}
                {o.cancelledAt && <><dt>{t('tradeStore.order.cancelledAt')}</dt><dd>{formatDateTime(o.cancelledAt, lng)}</dd></>}
              </dl>
            </Box>
            <Box title={t('tradeStore.order.payments')} testId="order-payments">
              {o.payments.length === 0 ? <Text size="sm" c="dimmed">{t('tradeStore.order.noPayments')}</Text>
                : <div>{o.payments.map((p) => <PaymentItem key={p.id} p={p} orderTotal={o.total.amount} asked={openAbout.has(p.id)} onAsk={() => setAsking({ type: 'payment', id: p.id })} />)}</div>}
            </Box>
            <Box title={t('tradeStore.order.refunds')} testId="order-refunds">
              {o.refunds.length === 0 ? <Text size="sm" c="dimmed">{t('tradeStore.order.noRefunds')}</Text>
                : <div>{o.refunds.map((r) => <RefundItem key={r.id} r={r} asked={openAbout.has(r.id)} onAsk={() => setAsking({ type: 'refund', id: r.id })} />)}</div>}
            </Box>
            {mine.length > 0 && (
              <Box title={t('tradeStore.enquiry.list')} testId="order-enquiries">
                {mine.map((e) => (
                  <Stack key={e.id} gap={4} py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }} data-testid="order-enquiry" data-status={e.status}>
                    <Group justify="space-between" gap="xs">
                      <Text size="xs" c="dimmed">{t('tradeStore.enquiry.askedAt', { time: formatDateTime(e.createdAt, lng) })}</Text>
                      <Badge size="sm" variant="light" radius="sm" tt="none" color={e.status === 'open' ? 'orange' : 'teal'}>{t(`tradeStore.enquiry.status.${e.status}`)}</Badge>
                    </Group>
                    <Text size="sm" translate="no">{e.message}</Text>
                    {e.reply && <Text size="sm" c="blue.8" translate="no">{t('tradeStore.enquiry.reply', { reply: e.reply })}</Text>}
                  </Stack>
                ))}
              </Box>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      <CancelModal key={`c-${String(cancelling)}`} order={o} opened={cancelling} onClose={() => setCancelling(false)} />
      <ProposeModal key={`p-${String(proposing)}`} order={o} opened={proposing} onClose={() => setProposing(false)} />
      <EnquiryModal orderId={o.id} subject={asking} onClose={() => setAsking(null)} />
    </Stack>
  );
}

/** One order (/account/orders/:id): status and timeline, due time, lines, amounts, address, payments, refunds, changes, enquiries. */
export function OrderDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const q = useOrder(id);
  return (
    <AccountFrame>
      {q.isPending ? <Loading />
        : q.error ? (
          <Container size="sm" px={0}>
            <TradeProblem error={q.error} action={q.error instanceof ApiError && q.error.status === 404
              ? <Anchor component={Link} to="/account/orders" size="sm">{t('tradeStore.order.back')}</Anchor> : undefined} />
          </Container>
        )
          : <OrderView order={q.data} />}
    </AccountFrame>
  );
}
