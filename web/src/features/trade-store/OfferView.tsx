import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { IconBuildingStore, IconTruckDelivery } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Money } from '../../lib/money';
import { tData } from '../../lib/i18n-dynamic';
import { moneyText } from '../shop/format';
import type { Offer, OfferGroup, OfferLine } from './api';
import { quantityText } from './format';
import { SpecAndUnit, Thumb } from './parts';
import classes from './trade.module.css';

/** What changed between the offer the consumer saw and the new one (PL-CHK-02: they must see it before confirming again). */
export type OfferDiff = {
  lines: Map<string, { unitPrice?: Money; quantity?: number; lineTotal?: Money; added?: boolean }>;
  removed: Map<string, OfferLine[]>;
  groups: Map<string, { goodsAmount?: Money; shippingFee?: Money; total?: Money; deliveryTerms?: string; added?: boolean }>;
  goodsAmount?: Money; shippingFee?: Money; total?: Money;
  count: number;
};

const same = (a: Money, b: Money) => a.amount === b.amount && a.currency === b.currency;

/** The differences of `next` from `prev`, keyed by SKU and seller; `count` is how many things changed. */
export function diffOffers(prev: Offer, next: Offer): OfferDiff {
  const d: OfferDiff = { lines: new Map(), removed: new Map(), groups: new Map(), count: 0 };
  const prevGroups = new Map(prev.groups.map((g) => [g.seller.id, g]));
  for (const g of next.groups) {
    const pg = prevGroups.get(g.seller.id);
    if (!pg) {
      d.groups.set(g.seller.id, { added: true });
      for (const l of g.lines) d.lines.set(l.skuId, { added: true });
      d.count += g.lines.length;
      continue;
    }
    const gd: { goodsAmount?: Money; shippingFee?: Money; total?: Money; deliveryTerms?: string } = {};
    if (!same(pg.goodsAmount, g.goodsAmount)) gd.goodsAmount = pg.goodsAmount;
    if (!same(pg.shippingFee, g.shippingFee)) { gd.shippingFee = pg.shippingFee; d.count++; }
    if (!same(pg.total, g.total)) gd.total = pg.total;
    if (pg.deliveryTerms !== g.deliveryTerms) { gd.deliveryTerms = pg.deliveryTerms; d.count++; }
    if (Object.keys(gd).length) d.groups.set(g.seller.id, gd);
    const prevLines = new Map(pg.lines.map((l) => [l.skuId, l]));
    for (const l of g.lines) {
      const pl = prevLines.get(l.skuId);
      if (!pl) { d.lines.set(l.skuId, { added: true }); d.count++; continue; }
      const ld: { unitPrice?: Money; quantity?: number; lineTotal?: Money } = {};
      if (!same(pl.unitPrice, l.unitPrice)) ld.unitPrice = pl.unitPrice;
      if (pl.quantity !== l.quantity) ld.quantity = pl.quantity;
      if (!same(pl.lineTotal, l.lineTotal)) ld.lineTotal = pl.lineTotal;
      if (Object.keys(ld).length) { d.lines.set(l.skuId, ld); d.count++; }
      prevLines.delete(l.skuId);
    }
    if (prevLines.size) { d.removed.set(g.seller.id, [...prevLines.values()]); d.count += prevLines.size; }
    prevGroups.delete(g.seller.id);
  }
  for (const [sellerId, g] of prevGroups) { d.removed.set(sellerId, g.lines); d.count += g.lines.length; }
  if (!same(prev.goodsAmount, next.goodsAmount)) d.goodsAmount = prev.goodsAmount;
  if (!same(prev.shippingFee, next.shippingFee)) d.shippingFee = prev.shippingFee;
  if (!same(prev.total, next.total)) d.total = prev.total;
  return d;
}

/** A value that changed: highlighted, with the old value struck through next to it. */
export function Changed({ was, children, testId }: { was: string | null | undefined; children: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  if (was === null || was === undefined) return <>{children}</>;
  return (
    <span className={classes.changed} data-testid={testId ?? 'offer-changed'} data-changed="true">
      {children}
      <Text span size="xs" c="dimmed" ml={6} aria-label={t('tradeStore.checkout.was', { value: was })}><s>{was}</s></Text>
    </span>
  );
}

function Line({ line, change, removed = false }: { line: OfferLine; change?: OfferDiff['lines'] extends Map<string, infer V> ? V : never; removed?: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const m = (v: Money | undefined) => (v ? moneyText(v, lng) : null);
  return (
    <div className={`${classes.offerLine} ${change ? classes.changedRow : ''} ${removed ? classes.removedRow : ''}`} data-testid="offer-line"
      data-sku-id={line.skuId} data-changed={change || removed ? 'true' : undefined} data-removed={removed || undefined}>
      <Thumb url={line.imageUrl} size={64} />
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} lineClamp={2} translate="no" className={classes.offerTitle} data-testid="offer-line-title">{line.title}</Text>
        <SpecAndUnit specification={line.specification} salesUnit={line.salesUnit} />
        <Group gap={6}>
          <Badge variant="outline" color={line.priceType === 'market' ? 'gray' : 'blue'} radius="sm" tt="none" size="sm" data-testid="offer-line-price-type"
            data-price-type={line.priceType}>
            {t(`tradeStore.priceType.${line.priceType}`)}
          </Badge>
          {removed && <Badge color="gray" radius="sm" tt="none" size="sm">{t('tradeStore.checkout.removedLine')}</Badge>}
          {change?.added && <Badge color="yellow" radius="sm" tt="none" size="sm">{t('tradeStore.checkout.addedLine')}</Badge>}
        </Group>
      </Stack>
      <div className={classes.offerNumbers}>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">{t('tradeStore.checkout.unitPrice')}</Text>
          <Text size="sm" data-testid="offer-line-unit-price"><Changed was={m(change?.unitPrice)}>{moneyText(line.unitPrice, lng)}</Changed></Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">{t('tradeStore.checkout.quantity')}</Text>
          <Text size="sm" data-testid="offer-line-quantity" data-quantity={line.quantity}>
            <Changed was={change?.quantity !== undefined ? quantityText(t, line.salesUnit, change.quantity, lng) : null}>
              {quantityText(t, line.salesUnit, line.quantity, lng)}
            </Changed>
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">{t('tradeStore.checkout.lineTotal')}</Text>
          <Text size="sm" fw={600} data-testid="offer-line-total"><Changed was={m(change?.lineTotal)}>{moneyText(line.lineTotal, lng)}</Changed></Text>
        </Stack>
      </div>
    </div>
  );
}

function GroupCard({ group, diff }: { group: OfferGroup; diff: OfferDiff | null }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const gd = diff?.groups.get(group.seller.id);
  const m = (v: Money | undefined) => (v ? moneyText(v, lng) : null);
  return (
    <Card withBorder radius="md" padding="md" data-testid="offer-group" data-seller-id={group.seller.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs" pb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <Group gap={6} wrap="nowrap">
            <IconBuildingStore size={18} aria-hidden />
            <Text size="sm" c="dimmed">{t('tradeStore.checkout.seller')}</Text>
            <Text fw={600} translate="no" data-testid="offer-group-seller">{group.seller.name}</Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <IconTruckDelivery size={16} aria-hidden color="var(--mantine-color-dimmed)" />
            <Text size="sm" data-testid="offer-group-method">{tData(t, `tradeStore.checkout.deliveryMethod.${group.deliveryMethod}`, group.deliveryMethod)}</Text>
          </Group>
        </Group>
        <div>
          {group.lines.map((l) => <Line key={l.skuId} line={l} change={diff?.lines.get(l.skuId)} />)}
          {(diff?.removed.get(group.seller.id) ?? []).map((l) => <Line key={`removed-${l.skuId}`} line={l} removed />)}
        </div>
        <Stack gap={6} pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <dl className={classes.kv}>
            <dt>{t('tradeStore.checkout.deliveryTerms')}</dt>
            <dd data-testid="offer-group-terms">
              <Changed was={gd?.deliveryTerms}><span translate="no">{group.deliveryTerms || '—'}</span></Changed>
            </dd>
          </dl>
          <Group justify="flex-end" gap="lg" wrap="wrap">
            <Group gap={6}><Text size="sm" c="dimmed">{t('tradeStore.checkout.groupGoods')}</Text>
              <Text size="sm" data-testid="offer-group-goods"><Changed was={m(gd?.goodsAmount)}>{moneyText(group.goodsAmount, lng)}</Changed></Text></Group>
            <Group gap={6}><Text size="sm" c="dimmed">{t('tradeStore.checkout.groupShipping')}</Text>
              <Text size="sm" data-testid="offer-group-shipping">
                <Changed was={m(gd?.shippingFee)}>{group.shippingFee.amount === 0 ? t('tradeStore.cart.shopShippingFree') : moneyText(group.shippingFee, lng)}</Changed>
              </Text></Group>
            <Group gap={6}><Text size="sm" fw={600}>{t('tradeStore.checkout.groupTotal')}</Text>
              <Text size="sm" fw={700} data-testid="offer-group-total"><Changed was={m(gd?.total)}>{moneyText(group.total, lng)}</Changed></Text></Group>
          </Group>
        </Stack>
      </Stack>
    </Card>
  );
}

/** Every seller's part of the offer: lines with unit price and price type, quantity and unit, line total; delivery fee and terms. */
export function OfferGroups({ offer, diff }: { offer: Offer; diff: OfferDiff | null }) {
  const removedSellers = diff ? [...diff.removed.keys()].filter((id) => !offer.groups.some((g) => g.seller.id === id)) : [];
  return (
    <Stack gap="md" data-testid="offer">
      {offer.groups.map((g) => <GroupCard key={g.seller.id} group={g} diff={diff} />)}
      {removedSellers.map((id) => (
        <Card key={id} withBorder radius="md" padding="md" className={classes.removedRow}>
          {(diff?.removed.get(id) ?? []).map((l) => <Line key={l.skuId} line={l} removed />)}
        </Card>
      ))}
    </Stack>
  );
}
