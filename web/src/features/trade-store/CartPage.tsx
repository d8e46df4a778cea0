import { ActionIcon, Anchor, Box, Button, Card, Checkbox, Container, EmptyState, Grid, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconBuildingStore, IconShoppingCart, IconTrash, IconTruckDelivery } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { areaOf } from '../../auth/areas';
import { useMe } from '../../auth/session';
import { Loading } from '../../components/Page';
import type { Money } from '../../lib/money';
import { listingHref } from '../shop/listing-params';
import { moneyText } from '../shop/format';
import { useCart, useCartChange, useCartChanges, type Cart, type CartGroup, type CartLine } from './api';
import { stockUnit } from './format';
import { Price, QuantityStepper, SpecAndUnit, Thumb } from './parts';
import { TradeProblem } from './TradeProblem';
import classes from './trade.module.css';

const times = (m: Money, n: number): Money => ({ amount: m.amount * n, currency: m.currency });
const sellerHref = (sellerId: string) => listingHref({ q: '', categoryId: null, sellerId, minPrice: null, maxPrice: null, inStock: false, attrs: [], sort: 'newest' });

/** 有货 / 仅剩 3 盒 / the line's problem in words, and how its price moved since it was added. */
function LineState({ line }: { line: CartLine }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const unit = stockUnit(t, line.salesUnit, lng);
  const diff = line.priceChanged && line.unitPrice && line.priceWhenAdded ? line.unitPrice.amount - line.priceWhenAdded.amount : 0;
  return (
    <Stack gap={4}>
      {line.problem
        ? (
          <Text size="sm" c="red.8" fw={500} data-testid="cart-line-problem" data-problem={line.problem}>
            {t(`tradeStore.cart.problem.${line.problem}`, { count: line.available, unit })}
          </Text>
        )
        : line.stock !== 'in_stock' && (
          <Text size="xs" c={line.stock === 'low' ? 'orange.8' : 'red.8'} data-testid="cart-line-stock" data-stock={line.stock}>
            {t(`tradeStore.cart.stock.${line.stock}`, { count: line.available, unit })}
          </Text>
        )}
      {diff !== 0 && (
        <Group gap={4} wrap="nowrap" data-testid="cart-line-price-changed" data-direction={diff < 0 ? 'down' : 'up'}>
          {diff < 0 ? <IconArrowDown size={14} color="var(--mantine-color-teal-7)" aria-hidden /> : <IconArrowUp size={14} color="var(--mantine-color-red-7)" aria-hidden />}
          <Text size="xs" c={diff < 0 ? 'teal.8' : 'red.8'}>
            {t(diff < 0 ? 'tradeStore.cart.priceDown' : 'tradeStore.cart.priceUp', { diff: moneyText({ amount: Math.abs(diff), currency: line.unitPrice!.currency }, lng) })}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

function LineRow({ line, busy, onSelect, onQuantity, onRemove }: {
  line: CartLine; busy: boolean; onSelect: (v: boolean) => void; onQuantity: (n: number) => void; onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const href = `/p/${encodeURIComponent(line.productId)}?sku=${encodeURIComponent(line.skuId)}`;
  const sellable = line.problem !== 'unavailable';
  return (
    <div className={`${classes.line} ${line.problem && line.selected ? classes.lineProblem : ''}`} data-testid="cart-line" data-sku-id={line.skuId}
      data-selected={line.selected} data-problem={line.problem ?? undefined}>
      <Checkbox checked={line.selected} onChange={(e) => onSelect(e.currentTarget.checked)} mt={28} disabled={busy}
        aria-label={t('tradeStore.cart.selectLine', { title: line.title })} data-testid="cart-line-select" />
      <Link to={href} tabIndex={-1} aria-hidden><Thumb url={line.imageUrl} size={84} dim={!sellable} /></Link>
      <div className={classes.lineMain}>
        <Stack gap={4} className={classes.lineInfo} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={href} className={classes.lineTitle} size="sm" fw={500} lineClamp={2} translate="no" data-testid="cart-line-title">
            {line.title}
          </Anchor>
<SpecAndUnit specification={line.specification} salesUnit={line.salesUnit} />
          <LineState line={line} />
        </Stack>
        <Stack gap={0} align="flex-start" data-testid="cart-line-price">
          {line.unitPrice ? <Price value={line.unitPrice} /> : <Text size="sm" c="dimmed">—</Text>}
          {line.priceChanged && line.priceWhenAdded && (
            <Text size="xs" c="dimmed" td="line-through" aria-label={t('tradeStore.cart.priceWhenAdded', { price: moneyText(line.priceWhenAdded, lng) })}>
              {moneyText(line.priceWhenAdded, lng)}
            </Text>
          )}
        </Stack>
        <QuantityStepper value={line.quantity} onChange={onQuantity} max={line.available} disabled={busy || !sellable} testId="cart-line-quantity" />
        <Group gap={6} wrap="nowrap" justify="flex-end" className={classes.lineTotal}>
          <Text size="sm" fw={700} c="brand.7" miw={72} ta="right" data-testid="cart-line-subtotal">
            {line.unitPrice ? moneyText(times(line.unitPrice, line.quantity), lng) : '—'}
          </Text>
          <Tooltip label={t('tradeStore.cart.remove')}>
            <ActionIcon variant="subtle" color="gray" onClick={onRemove} disabled={busy} aria-label={t('tradeStore.cart.removeLabel', { title: line.title })}
              data-testid="cart-line-remove">
              <IconTrash size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </div>
    </div>
  );
}

function ShopCard({ group, busy, onChange, onMany }: {
  group: CartGroup; busy: boolean; onChange: ReturnType<typeof useCartChange>['mutate']; onMany: ReturnType<typeof useCartChanges>['mutate'];
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const all = group.lines.every((l) => l.selected);
  const some = group.lines.some((l) => l.selected);
  const removed = () => notifications.show({ color: 'green', message: t('tradeStore.cart.removed') });
  return (
    <Card withBorder radius="md" padding="md" data-testid="cart-group" data-seller-id={group.seller.id}>
      <Group gap="sm" wrap="nowrap" pb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
        <Checkbox checked={all} indeterminate={some && !all} disabled={busy} aria-label={t('tradeStore.cart.selectShop', { name: group.seller.name })}
          onChange={() => onMany(group.lines.filter((l) => l.selected === all).map((l) => ({ op: 'set' as const, skuId: l.skuId, selected: !all })))}
          data-testid="cart-group-select" />
        <IconBuildingStore size={18} aria-hidden />
        <Anchor component={Link} to={sellerHref(group.seller.id)} fw={600} c="dark" translate="no" data-testid="cart-group-seller">{group.seller.name}</Anchor>
      </Group>
      <div>
        {group.lines.map((l) => (
          <LineRow key={l.skuId} line={l} busy={busy}
            onSelect={(selected) => onChange({ op: 'set', skuId: l.skuId, selected })}
            onQuantity={(quantity) => onChange({ op: 'set', skuId: l.skuId, quantity })}
            onRemove={() => onChange({ op: 'remove', skuId: l.skuId }, { onSuccess: removed })} />
        ))}
      </div>
      <Stack gap={4} pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }} data-testid="cart-group-delivery">
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Group gap={6} wrap="nowrap">
            <IconTruckDelivery size={16} aria-hidden color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed">{t('tradeStore.cart.shopShipping')}</Text>
          </Group>
          <Text size="sm" data-testid="cart-group-shipping">
            {!some ? t('tradeStore.cart.shopNoneSelected') : group.shippingFee.amount === 0 ? t('tradeStore.cart.shopShippingFree') : moneyText(group.shippingFee, lng)}
          </Text>
        </Group>
        {group.deliveryTerms && (
          <Text size="xs" c="dimmed" data-testid="cart-group-terms">
            {t('tradeStore.cart.deliveryTerms')}<span translate="no">{group.deliveryTerms}</span>
          </Text>
        )}
        {some && (
          <Group justify="flex-end" gap="xs">
            <Text size="sm" c="dimmed">{t('tradeStore.cart.shopGoods')}</Text>
            <Text size="sm" fw={600} data-testid="cart-group-goods">{moneyText(group.goodsAmount, lng)}</Text>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** Why 去结算 is not possible now, or null. */
function blocker(cart: Cart): 'noneSelected' | 'fixProblems' | null {
  const selected = cart.groups.flatMap((g) => g.lines).filter((l) => l.selected);
  if (selected.length === 0) return 'noneSelected';
  if (selected.some((l) => l.problem)) return 'fixProblems';
  return null;
}

function Summary({ cart, guest, onCheckout }: { cart: Cart; guest: boolean; onCheckout: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const block = blocker(cart);
  return (
    <Card withBorder radius="md" padding="lg" className={classes.summary} data-testid="cart-summary">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('tradeStore.cart.summary')}</Title>
        <Group justify="space-between"><Text size="sm" c="dimmed">{t('tradeStore.cart.selectedUnits', { count: cart.selectedUnits })}</Text></Group>
        <Group justify="space-between"><Text size="sm">{t('tradeStore.cart.goods')}</Text><Text size="sm" data-testid="cart-goods">{moneyText(cart.goodsAmount, lng)}</Text></Group>
        <Group justify="space-between"><Text size="sm">{t('tradeStore.cart.shipping')}</Text><Text size="sm" data-testid="cart-shipping">{moneyText(cart.shippingFee, lng)}</Text></Group>
        <Group justify="space-between" align="baseline" pt="xs" style={{ borderTop: '1px dashed var(--mantine-color-gray-3)' }}>
          <Text fw={600}>{t('tradeStore.cart.total')}</Text>
          <Text fz={24} fw={700} c="brand.7" data-testid="cart-total">{moneyText(cart.total, lng)}</Text>
        </Group>
        <Button size="md" fullWidth disabled={block !== null} onClick={onCheckout} data-testid="cart-checkout">
          {t('tradeStore.cart.checkoutCount', { count: cart.selectedUnits })}
        </Button>
        {block && <Text size="xs" c={block === 'fixProblems' ? 'red.8' : 'dimmed'} data-testid="cart-blocker">{t(`tradeStore.cart.${block}`)}</Text>}
        {guest && <Text size="xs" c="dimmed" data-testid="cart-guest-hint">{t('tradeStore.cart.guestHint')}</Text>}
      </Stack>
    </Card>
  );
}

/** The shopping cart (/cart): lines grouped by seller, selection, quantities, delivery fees, totals, 去结算. */
export function CartPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const me = useMe();
  const staff = Boolean(me.data && areaOf(me.data) !== 'store');
  const cart = useCart(!me.isPending && !staff);
  const change = useCartChange();
  const many = useCartChanges();
  const busy = change.isPending || many.isPending;

  if (staff) {
    return (
      <Container size="sm" py={60}>
        <EmptyState icon={<IconShoppingCart size={40} />} withIndicatorBackground size="lg" title={t('tradeStore.cart.staffTitle')} description={t('tradeStore.cart.staffBody')} />
      </Container>
    );
  }
  if (me.isPending || cart.isPending) return <Loading />;
  if (cart.error) return <Container size="lg" py="lg"><TradeProblem error={cart.error} /></Container>;
  const c = cart.data;
  const lines = c.groups.flatMap((g) => g.lines);
  if (lines.length === 0) {
    return (
      <Container size="sm" py={60}>
        <EmptyState icon={<IconShoppingCart size={40} />} withIndicatorBackground size="lg" data-testid="cart-empty"
          title={t('tradeStore.cart.emptyTitle')} description={t('tradeStore.cart.emptyBody')}>
          <EmptyState.Actions><Button component={Link} to="/">{t('tradeStore.cart.emptyAction')}</Button></EmptyState.Actions>
        </EmptyState>
      </Container>
    );
  }
  const guest = !me.data;
  const allSelected = lines.every((l) => l.selected);
  const someSelected = lines.some((l) => l.selected);
  const checkout = () => navigate(guest ? `/login?next=${encodeURIComponent('/checkout')}` : '/checkout');
  const error = change.error ?? many.error;
  const block = blocker(c);
  return (
    <Container size="lg" py={{ base: 'sm', sm: 'lg' }} data-testid="cart-page">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={1} fz={{ base: 22, sm: 26 }}>{t('tradeStore.cart.title')}</Title>
          <Text size="sm" c="dimmed" data-testid="cart-line-count">{t('tradeStore.cart.summaryCount', { count: c.lineCount })}</Text>
        </Group>
        {error && <TradeProblem error={error} onClose={() => { change.reset(); many.reset(); }} />}
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="md">
              <Card withBorder radius="md" padding="sm">
                <Group justify="space-between" wrap="nowrap">
                  <Checkbox label={t('tradeStore.cart.selectAll')} checked={allSelected} indeterminate={someSelected && !allSelected} disabled={busy}
                    onChange={() => many.mutate(lines.filter((l) => l.selected === allSelected).map((l) => ({ op: 'set' as const, skuId: l.skuId, selected: !allSelected })))}
                    data-testid="cart-select-all" />
                  <Button variant="subtle" color="gray" size="compact-sm" leftSection={<IconTrash size={14} />} disabled={busy || !someSelected}
                    onClick={() => many.mutate(lines.filter((l) => l.selected).map((l) => ({ op: 'remove' as const, skuId: l.skuId })),
                      { onSuccess: () => notifications.show({ color: 'green', message: t('tradeStore.cart.removed') }) })}
                    data-testid="cart-remove-selected">
                    {t('tradeStore.cart.removeSelected')}
                  </Button>
                </Group>
              </Card>
              {c.groups.map((g) => <ShopCard key={g.seller.id} group={g} busy={busy} onChange={change.mutate} onMany={many.mutate} />)}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }} visibleFrom="md">
            <Summary cart={c} guest={guest} onCheckout={checkout} />
          </Grid.Col>
        </Grid>
        <Box hiddenFrom="md" className={classes.mobileBar} data-testid="cart-mobile-bar">
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Group gap={6} align="baseline" wrap="nowrap">
                <Text size="sm">{t('tradeStore.cart.total')}</Text>
                <Text fw={700} fz="lg" c="brand.7" data-testid="cart-mobile-total">{moneyText(c.total, lng)}</Text>
              </Group>
              <Text size="xs" c={block === 'fixProblems' ? 'red.8' : 'dimmed'} truncate>
                {block ? t(`tradeStore.cart.${block}`) : `${t('tradeStore.cart.shipping')} ${moneyText(c.shippingFee, lng)}`}
              </Text>
            </Stack>
            <Button disabled={block !== null} onClick={checkout} style={{ flex: 'none' }} data-testid="cart-mobile-checkout">
              {t('tradeStore.cart.checkoutCount', { count: c.selectedUnits })}
            </Button>
          </Group>
          {guest && <Text size="xs" c="dimmed" mt={4}>{t('tradeStore.cart.guestHint')}</Text>}
        </Box>
      </Stack>
    </Container>
  );
}
