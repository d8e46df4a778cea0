import { Anchor, Button, Grid, Group, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconBan, IconReceiptRefund } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { ReasonModal, RefundModal } from '../trade-seller/dialogs';
import { useTradeFmt } from '../trade-seller/format';
import { idempotencyKey } from '../trade-seller/http';
import { DueLine, EventTimeline, Fact, ModificationsList, OrderLines, OrderStatusBadge, OverdueBadge, PaymentsTable, ReasonText, RefundsTable, Section } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import { adminApi, keys } from './api';

const CANCELLABLE = new Set(['placed', 'paid', 'confirmed', 'allocated']);
const REFUNDABLE = new Set(['paid', 'confirmed', 'allocated', 'handed_over', 'in_delivery', 'delivered', 'refused', 'completed', 'after_sales']);

/** One order as the operator sees it: lines, amounts, payments and refunds with provider references, modifications, events; cancel and refund (refund:manage). */
export function OrderDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const me = useMe();
  const manage = can(me.data, 'refund:manage');
  const q = useQuery({ queryKey: keys.order(id), queryFn: () => adminApi.order(id) });
  const [dialog, setDialog] = useState<null | 'cancel' | 'refund'>(null);
  const refundKey = useRef(idempotencyKey());
  const done = (message: string) => {
    void qc.invalidateQueries({ queryKey: keys.all });
    notifications.show({ color: 'green', message });
    setDialog(null);
  };
  const cancel = useMutation({ mutationFn: (reason: string) => adminApi.cancel(id, reason), onSuccess: () => done(t('tradeStaff.adminOrders.cancelled')) });
  const refund = useMutation({
    mutationFn: (v: { amount: number; reason: string }) => adminApi.refund(id, v, refundKey.current),
    onSuccess: () => { refundKey.current = idempotencyKey(); done(t('tradeStaff.refund.requested')); },
  });
  if (q.isPending) return <Loading />;
  if (!q.data) return <Page title={t('tradeStaff.order.title')}><TradeProblem error={q.error} /></Page>;
  const o = q.data;
  const refundable = { amount: o.total.amount - o.refunded.amount, currency: o.total.currency };
  const canRefund = REFUNDABLE.has(o.status) && refundable.amount > 0;
  const canCancel = CANCELLABLE.has(o.status);
  return (
    <Page
      title={<Group gap="sm" component="span"><span>{t('tradeStaff.order.title')}</span><Text span inherit className="shiji-mono" translate="no" data-testid="order-number">{o.number}</Text></Group>}
      description={t('tradeStaff.orders.placedAt', { time: f.dateTime(o.placedAt) })}
      actions={
        <>
          <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} component={Link} to="/admin/trade/orders">{t('tradeStaff.order.back')}</Button>
          {manage && (
            <>
              <Tooltip label={t('tradeStaff.refund.notAllowed')} disabled={canRefund}>
                <Button variant="light" color="orange" leftSection={<IconReceiptRefund size={16} />} disabled={!canRefund} onClick={() => setDialog('refund')}
                  data-testid="order-refund">{t('tradeStaff.refund.button')}</Button>
              </Tooltip>
              <Tooltip label={t('tradeStaff.adminOrders.cannotCancel')} disabled={canCancel}>
                <Button variant="light" color="red" leftSection={<IconBan size={16} />} disabled={!canCancel} onClick={() => setDialog('cancel')}
                  data-testid="order-cancel">{t('tradeStaff.adminOrders.cancel')}</Button>
              </Tooltip>
            </>
          )}
        </>
      }>
      <Group gap="sm" wrap="wrap" data-testid="order-header" data-status={o.status}>
        <OrderStatusBadge status={o.status} size="lg" />
        {o.overdue && <OverdueBadge />}
        <DueLine order={o} />
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Section title={t('tradeStaff.order.lines')} padding={0}><OrderLines order={o} /></Section>
            <Section title={t('tradeStaff.payments.title')} padding={0}><PaymentsTable payments={o.payments} /></Section>
            <Section title={t('tradeStaff.refunds.title')} padding={0}><RefundsTable refunds={o.refunds} /></Section>
            {o.modifications.length > 0 && <Section title={t('tradeStaff.modifications.title')}><ModificationsList order={o} side="operator" /></Section>}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Section title={t('tradeStaff.order.facts')}>
              <Stack gap="sm">
                <Fact label={t('tradeStaff.fields.seller')}><span translate="no">{o.seller.name}</span></Fact>
                {o.account && (
                  <Fact label={t('tradeStaff.fields.consumer')}>
                    {can(me.data, 'consumer:read') || can(me.data, 'staff:read')
                      ? <Anchor component={Link} to={`/admin/accounts/${o.account.id}`} size="sm" className="shiji-mono" translate="no">{o.account.id}</Anchor>
                      : <Text size="sm" className="shiji-mono" translate="no">{o.account.id}</Text>}
                  </Fact>
                )}
                <Fact label={t('tradeStaff.fields.total')}><Text fw={700} size="lg">{f.money(o.total)}</Text></Fact>
                {o.commission && <Fact label={t('tradeStaff.fields.commission')}>{f.money(o.commission)}</Fact>}
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
                {o.note && <Fact label={t('tradeStaff.fields.consumerNote')}><span translate="no">{o.note}</span></Fact>}
              </Stack>
            </Section>
            <Section title={t('tradeStaff.order.timeline')}><EventTimeline events={o.events} /></Section>
          </Stack>
        </Grid.Col>
      </Grid>
      <ReasonModal opened={dialog === 'cancel'} onClose={() => { cancel.reset(); setDialog(null); }} testid="cancel"
        title={t('tradeStaff.adminOrders.cancelTitle', { number: o.number })}
        body={o.status === 'placed' ? t('tradeStaff.adminOrders.cancelBodyUnpaid') : t('tradeStaff.adminOrders.cancelBodyPaid', { total: f.money(refundable) })}
        label={t('tradeStaff.fields.reason')} confirmLabel={t('tradeStaff.adminOrders.cancel')} color="red" required
        pending={cancel.isPending} error={cancel.error} onSubmit={(r) => cancel.mutate(r)} />
      <RefundModal opened={dialog === 'refund'} onClose={() => { refund.reset(); setDialog(null); }} max={refundable}
        pending={refund.isPending} error={refund.error} onSubmit={(v) => refund.mutate(v)} />
    </Page>
  );
}
