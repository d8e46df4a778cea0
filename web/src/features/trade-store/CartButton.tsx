import { ActionIcon, Indicator, Tooltip } from '@mantine/core';
import { IconShoppingCart } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { areaOf } from '../../auth/areas';
import { useMe } from '../../auth/session';
import { useCart } from './api';

/** The header's cart icon with the number of different items in the cart (guests and consumers; staff have no cart). */
export function CartButton() {
  const { t } = useTranslation();
  const me = useMe();
  const shopper = !me.isPending && (!me.data || areaOf(me.data) === 'store');
  const cart = useCart(shopper);
  if (!shopper) return null;
  const count = cart.data?.lineCount ?? 0;
  return (
    <Tooltip label={t('tradeStore.header.cart')}>
      <Indicator label={count > 99 ? '99+' : count} size={16} offset={4} disabled={count === 0} color="brand" data-testid="header-cart-count" data-count={count}>
        <ActionIcon component={Link} to="/cart" variant="subtle" color="gray" size="lg" data-testid="header-cart"
          aria-label={count ? t('tradeStore.header.cartCount', { count }) : t('tradeStore.header.cart')}>
          <IconShoppingCart size={20} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}
