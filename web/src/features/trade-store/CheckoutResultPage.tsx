import { Anchor, Button, Card, Container, Group, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconClockHour4, IconShieldCheck } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { moneyText } from '../shop/format';
import { fetchCheckout, syncCheckout, tradeKeys, type Checkout } from './api';
import { OrderStatusBadge } from './parts';
import { TradeProblem } from './TradeProblem';

// Poll every 2 s for up to a minute; a provider's notice normally arrives within seconds.
const POLL_MS = 2_000;
const POLL_FOR_MS = 60_000;

type View = 'checking' | 'paid' | 'pending' | 'failed' | 'failedClosed' | 'held' | 'expired' | 'cancelled';

function viewOf(c: Checkout, waiting: boolean): View {
  if (c.status === 'paid') return 'paid';
  // A failed payment closes the checkout (its lines go back to the cart).
  if (c.status !== 'awaiting_payment' && c.payment?.status === 'failed') return 'failedClosed';
  if (c.status === 'expired') return 'expired';
  if (c.status === 'cancelled') return 'cancelled';
  if (c.payment?.status === 'failed' || c.payment?.status === 'cancelled') return 'failed';
  if (c.payment?.status === 'held') return 'held';
  return waiting ? 'checking' : 'pending';
}

const ICON: Record<View, { color: string; icon: React.ReactNode }> = {
  checking: { color: 'blue', icon: <Loader size={26} color="white" /> },
  paid: { color: 'teal', icon: <IconCircleCheck size={32} /> },
  pending: { color: 'orange', icon: <IconClockHour4 size={32} /> },
  failed: { color: 'red', icon: <IconCircleX size={32} /> },
  failedClosed: { color: 'red', icon: <IconCircleX size={32} /> },
  held: { color: 'yellow', icon: <IconShieldCheck size={32} /> },
  expired: { color: 'gray', icon: <IconAlertTriangle size={32} /> },
  cancelled: { color: 'gray', icon: <IconCircleX size={32} /> },
};

/**
 * Where the payment provider sends the consumer back (/checkout/result?checkout=…): asks the provider
 * once (sync), then polls the checkout until it is paid or something else is final; lists the orders.
 */
export function CheckoutResultPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [sp] = useSearchParams();
  const id = sp.get('checkout');
  const qc = useQueryClient();
  const started = useRef(Date.now());
  const [syncError, setSyncError] = useState<unknown>(null);
  const [synced, setSynced] = useState(false);

  // Ask the provider once when arriving; its answer is the checkout. The cart changed with the checkout.
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: tradeKeys.cart });
    if (!id) return;
    let live = true;
    syncCheckout(id)
      .then((c) => { if (live) qc.setQueryData(tradeKeys.checkout(id), c); })
      .catch((e: unknown) => { if (live) setSyncError(e); })
      .finally(() => { if (live) setSynced(true); });
    return () => { live = false; };
  }, [id, qc]);

  const [now, setNow] = useState(() => Date.now());
  const q = useQuery({
    queryKey: tradeKeys.checkout(id ?? ''),
    enabled: Boolean(id) && synced,
    queryFn: () => fetchCheckout(id!),
    refetchInterval: (query) => {
      const c = query.state.data;
      const open = !c || (c.status === 'awaiting_payment' && c.payment?.status === 'pending');
      return open && Date.now() - started.current < POLL_FOR_MS ? POLL_MS : false;
    },
  });
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), POLL_MS);
    return () => clearInterval(timer);
  }, []);

  if (!id) return <Container size="sm" py="xl"><Text c="dimmed" data-testid="result-missing">{t('tradeStore.result.missing')}</Text></Container>;
  const c = q.data;
  const waiting = !synced || now - started.current < POLL_FOR_MS;
  const view: View = c ? viewOf(c, waiting) : 'checking';
  const due = c ? formatDateTime(c.paymentDueAt, lng) : '';
  const { color, icon } = ICON[view];
  const title = view === 'checking' ? t('tradeStore.result.checking') : t(`tradeStore.result.${view}Title`);
  const body = view === 'checking' ? t('tradeStore.result.checkingBody')
    : view === 'paid' ? t('tradeStore.result.paidBody', { count: c?.orders.length ?? 0 })
      : view === 'pending' || view === 'failed' ? t(`tradeStore.result.${view}Body`, { time: due })
        : t(`tradeStore.result.${view}Body`);
  const payUrl = c?.status === 'awaiting_payment' ? c.payment?.payUrl ?? null : null;
  return (
    <Container size="sm" py={{ base: 'md', sm: 'xl' }} data-testid="checkout-result" data-view={view} data-status={c?.status} data-payment-status={c?.payment?.status}>
      <Stack gap="lg">
        <Card withBorder radius="md" padding="xl">
          <Stack gap="md" align="center" ta="center">
            <ThemeIcon size={64} radius="xl" color={color} variant={view === 'checking' ? 'filled' : 'light'}>{icon}</ThemeIcon>
            <Title order={1} fz={{ base: 22, sm: 26 }} data-testid="result-title">{title}</Title>
            <Text c="dimmed" maw={460}>{body}</Text>
            {(view === 'failed' || view === 'failedClosed') && c?.payment?.failureReason && (
              <Text size="sm" c="red.8" data-testid="result-failure" translate="no">{t('tradeStore.result.failedReason', { reason: c.payment.failureReason })}</Text>
            )}
            {c && (
              <Group gap={6} align="baseline">
                <Text size="sm" c="dimmed">{t('tradeStore.result.total')}</Text>
                <Text fw={700} fz="xl" c="brand.7" data-testid="result-total">{moneyText(c.total, lng)}</Text>
              </Group>
            )}
            <Group gap="sm" justify="center">
              {payUrl && (view === 'failed' || view === 'pending') && (
                <Button component="a" href={payUrl} data-testid="result-pay">
                  {view === 'failed' ? t('tradeStore.result.payAgain') : t('tradeStore.result.continuePay')}
                </Button>
              )}
              {(view === 'pending' || view === 'failed') && (
                <Button variant="default" onClick={() => { started.current = Date.now(); setNow(Date.now()); void q.refetch(); }} data-testid="result-refresh">
                  {t('tradeStore.result.refresh')}
                </Button>
              )}
              {(view === 'expired' || view === 'cancelled' || view === 'failedClosed') && (
                <Button component={Link} to="/cart" data-testid="result-cart">{t('tradeStore.result.backToCart')}</Button>
              )}
              <Button component={Link} to="/account/orders" variant={view === 'paid' ? 'filled' : 'default'} data-testid="result-orders">
                {t('tradeStore.result.viewOrders')}
              </Button>
            </Group>
          </Stack>
        </Card>
        {Boolean(syncError) && !c && <TradeProblem error={syncError} />}
        {q.error && <TradeProblem error={q.error} />}
        {c && c.orders.length > 0 && (
          <Card withBorder radius="md" padding="md">
            <Stack gap="xs">
              <Title order={2} size="h5">{t('tradeStore.result.ordersTitle')}</Title>
              {c.orders.map((o) => (
                <Group key={o.id} justify="space-between" wrap="wrap" gap="xs" py={8} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
                  data-testid="result-order" data-order-id={o.id}>
                  <Stack gap={2}>
                    <Anchor component={Link} to={`/account/orders/${encodeURIComponent(o.id)}`} fw={500} size="sm" data-testid="result-order-link">
                      {t('tradeStore.result.orderLine', { number: o.number })}
                    </Anchor>
                    <Text size="xs" c="dimmed" translate="no">{o.seller.name}</Text>
                  </Stack>
                  <Group gap="sm" wrap="nowrap">
                    <OrderStatusBadge status={o.status} size="sm" />
                    <Text size="sm" fw={600}>{moneyText(o.total, lng)}</Text>
                  </Group>
                </Group>
              ))}
            </Stack>
          </Card>
        )}
      </Stack>
    </Container>
  );
}
