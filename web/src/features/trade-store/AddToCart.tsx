import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconShoppingCartPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { areaOf } from '../../auth/areas';
import { useMe } from '../../auth/session';
import type { StoreProduct, StoreSku } from '../shop/api';
import { useCartChange, useCartChanges } from './api';
import { stockUnit } from './format';
import { QuantityStepper } from './parts';
import { TradeProblem } from './TradeProblem';
import classes from './trade.module.css';

/**
 * 加入购物车 / 立即购买 for the chosen SKU. 立即购买 puts the SKU in the cart as the only selected line
 * and goes to checkout (guests sign in first and come back to it); the rest of the cart stays unselected.
 */
export function AddToCart({ product, sku }: { product: StoreProduct; sku: StoreSku }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [quantity, setQuantity] = useState(1);
  const add = useCartChange();
  const many = useCartChanges();
  if (me.isPending) return null;
  if (me.data && areaOf(me.data) !== 'store') return <Text size="sm" c="dimmed" className={classes.buyButtons} data-testid="buy-staff">{t('tradeStore.buy.staffOnly')}</Text>;
  const out = sku.stock === 'out_of_stock';
  const noPrice = !sku.price;
  const disabled = out || noPrice;
  const busy = add.isPending || many.isPending;

  const addToCart = () => add.mutate({ op: 'add', skuId: sku.id, quantity }, {
    onSuccess: () => notifications.show({
      color: 'green', title: t('tradeStore.buy.added'),
      message: (
        <Stack gap={2}>
          <Text size="sm" translate="no">{t('tradeStore.buy.addedBody', { title: product.title, count: quantity })}</Text>
          {/* Notifications render outside the router: navigate with the page's own navigate function. */}
          <Anchor component="button" type="button" size="sm" fw={500} ta="left" onClick={() => { notifications.clean(); navigate('/cart'); }}
            data-testid="added-go-to-cart">
            {t('tradeStore.buy.goToCart')}
          </Anchor>
        </Stack>
      ),
    }),
  });
  const buyNow = async () => {
    const cart = await add.mutateAsync({ op: 'add', skuId: sku.id, quantity });
    const others = cart.groups.flatMap((g) => g.lines).filter((l) => l.skuId !== sku.id && l.selected);
    const self = cart.groups.flatMap((g) => g.lines).find((l) => l.skuId === sku.id);
    await many.mutateAsync([
      ...others.map((l) => ({ op: 'set' as const, skuId: l.skuId, selected: false })),
      ...(self && !self.selected ? [{ op: 'set' as const, skuId: sku.id, selected: true }] : []),
    ]);
    navigate(me.data ? '/checkout' : `/login?next=${encodeURIComponent('/checkout')}`);
  };
  // Rendered inside the product page's fact grid: its rows line up with 规格 / 运费 / 店铺 (CSS subgrid).
  return (
    <div className={classes.buyBox} data-testid="buy-box">
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap', alignSelf: 'center' }}>{t('tradeStore.quantity.label')}</Text>
      <Group gap="sm" wrap="wrap" align="center">
        <QuantityStepper value={quantity} onChange={setQuantity} max={sku.available} disabled={disabled || busy} testId="buy-quantity" />
        {sku.stock === 'low' && <Text size="xs" c="orange.8">{t('tradeStore.cart.stock.low', { count: sku.available, unit: stockUnit(t, sku.salesUnit, i18n.language) })}</Text>}
      </Group>
      <div className={classes.buyButtons}>
        <Group gap="sm" wrap="nowrap">
          <Button variant="light" size="md" leftSection={<IconShoppingCartPlus size={18} />} disabled={disabled} loading={add.isPending && !many.isPending && !add.isSuccess}
            onClick={addToCart} style={{ flex: 1, maxWidth: 220 }} data-testid="add-to-cart">
            {t('tradeStore.buy.addToCart')}
          </Button>
          <Button size="md" disabled={disabled} loading={many.isPending} onClick={() => { buyNow().catch(() => { /* shown below */ }); }}
            style={{ flex: 1, maxWidth: 220 }} data-testid="buy-now">
            {t('tradeStore.buy.buyNow')}
          </Button>
        </Group>
        {disabled && <Text size="xs" c="dimmed" mt={6} data-testid="buy-disabled">{noPrice ? t('tradeStore.buy.noPrice') : t('tradeStore.buy.unavailable')}</Text>}
        <Stack mt={add.error ?? many.error ? 'sm' : 0}><TradeProblem error={add.error ?? many.error} onClose={() => { add.reset(); many.reset(); }} /></Stack>
      </div>
    </div>
  );
}
