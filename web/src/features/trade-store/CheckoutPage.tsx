import { Alert, Anchor, Badge, Button, Card, Checkbox, Collapse, Container, EmptyState, Grid, Group, Loader, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowLeft, IconMapPin, IconPlus, IconShoppingCart, IconWallet } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { Loading } from '../../components/Page';
import { moneyText } from '../shop/format';
import { AddressForm } from './AddressForm';
import {
  fetchCheckoutPreview, useAddresses, useCart, useCheckoutPreview, useConfirmCheckout, usePaymentProviders, type Address, type CheckoutPreview, type Offer,
  type PreviewInput,
} from './api';
import { newIdempotencyKey } from './format';
import { Changed, diffOffers, OfferGroups, type OfferDiff } from './OfferView';
import { TradeProblem } from './TradeProblem';
import classes from './trade.module.css';

const KEY_STORE = 'shiji.checkoutKeys';
/** Addresses listed before "show all" (the chosen one is always shown). */
const ADDRESSES_SHOWN = 3;

/**
 * The Idempotency-Key for confirming one offer with one address, provider and note: the same key for
 * a double click, a retry after a network failure or a reload (kept in sessionStorage), a new one for
 * anything else (the API answers 422 to one key with another body).
 */
function keyFor(body: string): string {
  let keys: Record<string, string> = {};
  try { keys = JSON.parse(sessionStorage.getItem(KEY_STORE) ?? '{}') as Record<string, string>; } catch { /* start afresh */ }
  const found = keys[body];
  if (found) return found;
  const key = newIdempotencyKey();
  try { sessionStorage.setItem(KEY_STORE, JSON.stringify({ ...Object.fromEntries(Object.entries(keys).slice(-20)), [body]: key })); } catch { /* kept in memory only */ }
  return key;
}

function AddressChoice({ address: a }: { address: Address }) {
  const { t } = useTranslation();
  return (
    <Radio.Card value={a.id} radius="md" p="sm" className={classes.choice} data-testid="checkout-address" data-address-id={a.id}>
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Radio.Indicator mt={2} />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={8} wrap="wrap">
            <Text fw={600} size="sm" translate="no">{a.recipient}</Text>
            <Text size="sm" translate="no">{a.phone}</Text>
            {a.isDefault && <Badge size="xs" radius="sm" tt="none">{t('tradeStore.addresses.default')}</Badge>}
            {a.label && <Badge size="xs" radius="sm" variant="outline" color="gray" tt="none" translate="no">{a.label}</Badge>}
          </Group>
          <Text size="sm" c="dimmed" translate="no">{a.region} {a.detail}</Text>
        </Stack>
      </Group>
    </Radio.Card>
  );
}

function Section({ icon, title, children, action }: { icon: React.ReactNode; title: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap={8} wrap="nowrap">{icon}<Title order={2} size="h5">{title}</Title></Group>
          {action}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

type Shown = { offer: Offer; offerHash: string; diff: OfferDiff | null };

function Totals({ shown, providerName, accepted, setAccepted, canConfirm, confirming, onConfirm, error, onCloseError, titles }: {
  shown: Shown | null; providerName: string | null; accepted: boolean; setAccepted: (v: boolean) => void; canConfirm: boolean; confirming: boolean;
  onConfirm: () => void; error: unknown; onCloseError: () => void; titles: Map<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const o = shown?.offer;
  const d = shown?.diff;
  const m = (v: { amount: number; currency: string } | undefined) => (v ? moneyText(v, lng) : null);
  return (
    <Card withBorder radius="md" padding="lg" className={classes.summary} data-testid="checkout-summary">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('tradeStore.checkout.confirmTitle')}</Title>
        {o ? (
          <>
            <Group justify="space-between" wrap="nowrap"><Text size="sm">{t('tradeStore.checkout.goodsTotal')}</Text>
              <Text size="sm" data-testid="checkout-goods"><Changed was={m(d?.goodsAmount)}>{moneyText(o.goodsAmount, lng)}</Changed></Text></Group>
            <Group justify="space-between" wrap="nowrap"><Text size="sm">{t('tradeStore.checkout.shippingTotal')}</Text>
              <Text size="sm" data-testid="checkout-shipping"><Changed was={m(d?.shippingFee)}>{moneyText(o.shippingFee, lng)}</Changed></Text></Group>
            <Group justify="space-between" align="baseline" wrap="nowrap" pt="xs" style={{ borderTop: '1px dashed var(--mantine-color-gray-3)' }}>
              <Text fw={600}>{t('tradeStore.checkout.grandTotal')}</Text>
              <Text fz={24} fw={700} c="brand.7" data-testid="checkout-total"><Changed was={m(d?.total)}>{moneyText(o.total, lng)}</Changed></Text>
            </Group>
            <dl className={classes.kv}>
              <dt>{t('tradeStore.checkout.deliverTo')}</dt>
              <dd translate="no" data-testid="checkout-offer-address">{o.address.recipientMasked} {o.address.phoneMasked}<br />{o.address.region}</dd>
              <dt>{t('tradeStore.checkout.payWith')}</dt>
              <dd data-testid="checkout-offer-provider" translate="no">{providerName ?? o.paymentProvider}</dd>
              {o.note && <><dt>{t('tradeStore.checkout.note')}</dt><dd translate="no">{o.note}</dd></>}
              <dt>{t('tradeStore.checkout.terms')}</dt>
              <dd data-testid="checkout-terms-version" data-version={o.terms.version}>{t('tradeStore.checkout.termsVersion', { title: o.terms.title, version: o.terms.version })}</dd>
            </dl>
            <Checkbox checked={accepted} onChange={(e) => setAccepted(e.currentTarget.checked)} disabled={!canConfirm && !accepted}
              label={t('tradeStore.checkout.accept', { title: o.terms.title, version: o.terms.version })} data-testid="checkout-accept" />
          </>
        ) : (
          <Text size="sm" c="dimmed">{t('tradeStore.checkout.chooseFirst')}</Text>
        )}
        {error ? (
          <TradeProblem error={error} onClose={onCloseError} titles={titles}
            action={error instanceof ApiError && /^(inventory\.|checkout\.(cart_has_problems|empty))/.test(error.code)
              ? <Anchor component={Link} to="/cart" size="sm" fw={500}>{t('tradeStore.checkout.goToCart')}</Anchor> : undefined} />
        ) : null}
        <Button size="md" fullWidth disabled={!o || !accepted || !canConfirm} loading={confirming} onClick={onConfirm} data-testid="checkout-confirm">
          {t('tradeStore.checkout.confirm')}
        </Button>
        {o && !accepted && <Text size="xs" c="dimmed" ta="center">{t('tradeStore.checkout.confirmHint')}</Text>}
      </Stack>
    </Card>
  );
}

/** Checkout (/checkout): address, payment method, note, then the complete offer confirmed explicitly (PL-CHK-02). */
export function CheckoutPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const addresses = useAddresses();
  const providers = usePaymentProviders();
  const cart = useCart();
  const [addressId, setAddressId] = useState<string | null>(null);
  const [provider, setProvider] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [adding, setAdding] = useState(false);
  const [allAddresses, setAllAddresses] = useState(false);
  const [debouncedNote] = useDebouncedValue(note.trim(), 500);

  // Defaults: the default address (else the first one), the first offerable provider.
  const list = addresses.data;
  useEffect(() => {
    if (!list) return;
    if (addressId && list.some((a) => a.id === addressId)) return;
    setAddressId((list.find((a) => a.isDefault) ?? list[0])?.id ?? null);
  }, [list, addressId]);
  useEffect(() => {
    if (!provider && providers.data?.[0]) setProvider(providers.data[0].code);
  }, [providers.data, provider]);

  const input: PreviewInput | null = addressId && provider ? { addressId, paymentProvider: provider, note: debouncedNote } : null;
  const preview = useCheckoutPreview(input, cart.data);
  const confirm = useConfirmCheckout();
  // After a 409 offer_changed: the new offer from the problem, compared with the one the consumer had seen.
  const [changed, setChanged] = useState<{ for: string; shown: Shown; problems: CheckoutPreview['problems'] } | null>(null);
  const inputKey = JSON.stringify(input);
  const shown: Shown | null = changed && changed.for === inputKey ? changed.shown
    : preview.data ? { offer: preview.data.offer, offerHash: preview.data.offerHash, diff: null } : null;
  const [accepted, setAccepted] = useState(false);
  // Consent is for one offer: a different offer must be accepted again.
  useEffect(() => { setAccepted(false); }, [shown?.offerHash]);

  const titles = useMemo(() => new Map((cart.data?.groups ?? []).flatMap((g) => g.lines).map((l) => [l.skuId, l.title])), [cart.data]);
  const problems = changed && changed.for === inputKey ? changed.problems : preview.data?.problems ?? [];
  const providerName = providers.data?.find((p) => p.code === provider)?.name ?? null;

  const submit = () => {
    if (!shown || !input) return;
    const body = { ...input, offerHash: shown.offerHash };
    confirm.mutate({ ...body, idempotencyKey: keyFor(JSON.stringify(body)) }, {
      onSuccess: (c) => {
        if (c.payment?.payUrl) window.location.assign(c.payment.payUrl);
        else navigate(`/checkout/result?checkout=${encodeURIComponent(c.id)}`);
      },
      onError: (e) => {
        if (!(e instanceof ApiError && e.code === 'checkout.offer_changed')) return;
        // Show the new offer next to what the consumer had seen (in the API's Offer shape, from a fresh preview).
        const seen = shown.offer;
        fetchCheckoutPreview(input)
          .then((fresh) => setChanged({ for: inputKey, problems: fresh.problems, shown: { offer: fresh.offer, offerHash: fresh.offerHash, diff: diffOffers(seen, fresh.offer) } }))
          .catch(() => { void preview.refetch(); });
      },
    });
  };

  if (addresses.isPending || providers.isPending) return <Loading />;
  const empty = preview.error instanceof ApiError && preview.error.code === 'checkout.empty';
  if (!confirm.isSuccess && (empty || (cart.data && cart.data.selectedUnits === 0))) {
    return (
      <Container size="sm" py={60}>
        <EmptyState icon={<IconShoppingCart size={40} />} withIndicatorBackground size="lg" data-testid="checkout-empty"
          title={t('tradeStore.checkout.emptyTitle')} description={t('tradeStore.checkout.emptyBody')}>
          <EmptyState.Actions><Button component={Link} to="/cart">{t('tradeStore.checkout.goToCart')}</Button></EmptyState.Actions>
        </EmptyState>
      </Container>
    );
  }
  const noAddress = (list?.length ?? 0) === 0;
  const offerChanged = Boolean(changed && changed.for === inputKey);
  const redirecting = confirm.isSuccess && Boolean(confirm.data.payment?.payUrl);
  return (
    <Container size="lg" py={{ base: 'sm', sm: 'lg' }} data-testid="checkout-page">
      <Stack gap="md">
        <Group justify="space-between" align="center" wrap="wrap" gap="xs">
          <Title order={1} fz={{ base: 22, sm: 26 }}>{t('tradeStore.checkout.title')}</Title>
          <Anchor component={Link} to="/cart" size="sm"><Group gap={4} wrap="nowrap"><IconArrowLeft size={14} />{t('tradeStore.checkout.backToCart')}</Group></Anchor>
        </Group>
        {redirecting && <Alert color="green" icon={<Loader size={16} color="green" />} data-testid="checkout-redirecting">{t('tradeStore.checkout.redirecting')}</Alert>}
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="md">
              <Section icon={<IconMapPin size={18} aria-hidden />} title={t('tradeStore.checkout.address')}
                action={!noAddress && !adding && (
                  <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)} data-testid="checkout-add-address">
                    {t('tradeStore.checkout.addAddress')}
                  </Button>
                )}>
                {addresses.error && <TradeProblem error={addresses.error} />}
                {noAddress && <Text size="sm" c="dimmed">{t('tradeStore.checkout.noAddress')}</Text>}
                {!noAddress && (
                  <Radio.Group value={addressId} onChange={setAddressId} aria-label={t('tradeStore.checkout.address')}>
                    <Stack gap="xs">
                      {(allAddresses ? list! : list!.filter((a, i) => i < ADDRESSES_SHOWN || a.id === addressId)).map((a) => <AddressChoice key={a.id} address={a} />)}
                    </Stack>
                  </Radio.Group>
                )}
                {!noAddress && list!.length > ADDRESSES_SHOWN && (
                  <Button variant="subtle" color="gray" size="compact-sm" w="fit-content" onClick={() => setAllAddresses((v) => !v)} data-testid="checkout-all-addresses">
                    {allAddresses ? t('tradeStore.checkout.showFewerAddresses') : t('tradeStore.checkout.showAllAddresses', { count: list!.length })}
                  </Button>
                )}
                <Collapse expanded={adding || noAddress}>
                  <Card withBorder radius="md" padding="md" bg="gray.0">
                    <AddressForm key={String(adding)} defaultChecked={noAddress} onCancel={noAddress ? undefined : () => setAdding(false)}
                      onSaved={(a) => { setAddressId(a.id); setAdding(false); }} />
                  </Card>
                </Collapse>
              </Section>
              <Section icon={<IconWallet size={18} aria-hidden />} title={t('tradeStore.checkout.payment')}>
                {providers.error && <TradeProblem error={providers.error} />}
                {providers.data?.length === 0 && <Text size="sm" c="red.8">{t('tradeStore.checkout.noProviders')}</Text>}
                <Radio.Group value={provider} onChange={setProvider} aria-label={t('tradeStore.checkout.payment')}>
                  <Group gap="sm">
                    {(providers.data ?? []).map((p) => (
                      <Radio.Card key={p.code} value={p.code} radius="md" p="sm" className={classes.choice} w="auto" data-testid="checkout-provider" data-provider={p.code}>
                        <Group gap="sm" wrap="nowrap"><Radio.Indicator /><Text size="sm" fw={500} translate="no">{p.name}</Text></Group>
                      </Radio.Card>
                    ))}
                  </Group>
                </Radio.Group>
                <Textarea label={t('tradeStore.checkout.note')} placeholder={t('tradeStore.checkout.notePlaceholder')} value={note} maxLength={200}
                  onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} maxRows={4} data-testid="checkout-note" />
              </Section>
              <Stack gap={4}>
                <Title order={2} size="h4">{t('tradeStore.checkout.offer')}</Title>
                <Text size="sm" c="dimmed">{t('tradeStore.checkout.offerHint')}</Text>
              </Stack>
              {offerChanged && (
                <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={20} />} title={t('tradeStore.checkout.changedTitle')} data-testid="checkout-offer-changed">
                  {t('tradeStore.checkout.changedBody')}
                </Alert>
              )}
              {problems.length > 0 && (
                <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} />} data-testid="checkout-problems">
                  <Stack gap={4}>
                    <Text size="sm">{t('tradeStore.checkout.problems')}</Text>
                    {problems.map((p) => (
                      <Text key={p.skuId} size="sm" component="div">
                        • <span translate="no">{titles.get(p.skuId) ?? p.skuId}</span>{t('shop.product.delivery.sep')}
                        {p.problem === 'unavailable' || p.problem === 'no_price' || p.problem === 'insufficient_stock'
                          ? t(`tradeStore.checkout.problemShort.${p.problem}`) : p.problem}
                      </Text>
                    ))}
                    <Anchor component={Link} to="/cart" size="sm" fw={500}>{t('tradeStore.checkout.goToCart')}</Anchor>
                  </Stack>
                </Alert>
              )}
              {!input && <Text size="sm" c="dimmed">{t('tradeStore.checkout.chooseFirst')}</Text>}
              {input && preview.isPending && <Group gap="xs"><Loader size="sm" /><Text size="sm" c="dimmed">{t('tradeStore.checkout.loadingOffer')}</Text></Group>}
              {preview.error && !empty && <TradeProblem error={preview.error} />}
              {shown && <OfferGroups offer={shown.offer} diff={shown.diff} />}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Totals shown={shown} providerName={providerName} accepted={accepted} setAccepted={setAccepted}
              canConfirm={Boolean(shown) && problems.length === 0 && !preview.isFetching && !redirecting}
              confirming={confirm.isPending} onConfirm={submit}
              error={confirm.error instanceof ApiError && confirm.error.code === 'checkout.offer_changed' ? null : confirm.error}
              onCloseError={() => confirm.reset()} titles={titles} />
          </Grid.Col>
        </Grid>
      </Stack>
    </Container>
  );
}
