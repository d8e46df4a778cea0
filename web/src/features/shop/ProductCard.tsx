import { Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconPhoto } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StoreCard } from './api';
import { moneyText } from './format';
import classes from './shop.module.css';

/** A product in a grid: image, title (two lines), price ("¥128.00 起" when SKUs differ), shop, out-of-stock mark. */
export function ProductCard({ product: p }: { product: StoreCard }) {
  const { t, i18n } = useTranslation();
  const price = p.price ? moneyText(p.price, i18n.language) : null;
  return (
    <Card component={Link} to={`/p/${encodeURIComponent(p.id)}`} withBorder radius="md" padding={0} className={classes.card}
      data-testid="product-card" data-product-id={p.id} data-in-stock={p.inStock}>
      <div className={`${classes.cardImage} ${p.inStock ? '' : classes.cardImageOut}`}>
        {p.coverImageUrl
          ? <img src={p.coverImageUrl} alt="" loading="lazy" decoding="async" />
          : <div className={classes.imagePlaceholder}><IconPhoto size={40} aria-hidden /></div>}
        {!p.inStock && (
          <Badge color="dark" variant="filled" radius="sm" tt="none" pos="absolute" top={8} left={8} data-testid="product-card-out-of-stock">
            {t('shop.card.outOfStock')}
          </Badge>
        )}
      </div>
      <Stack gap={6} p="sm" style={{ flex: 1 }}>
        <Text size="sm" lineClamp={2} className={classes.cardTitle} translate="no" data-testid="product-card-title">{p.title}</Text>
        <Group gap={4} align="baseline" wrap="nowrap" mt="auto" data-testid="product-card-price">
          {price === null
            ? <Text size="sm" c="dimmed">{t('shop.card.noPrice')}</Text>
            : p.priceMax
              ? (
                <Text size="xs" c="brand.7">
                  <Trans i18nKey="shop.card.from" values={{ price }} components={{ b: <Text span fw={700} fz="lg" c="brand.7" /> }} />
                </Text>
              )
              : <Text fw={700} fz="lg" c="brand.7">{price}</Text>}
        </Group>
        <Text size="xs" c="dimmed" truncate translate="no" data-testid="product-card-seller">{p.seller.name}</Text>
      </Stack>
    </Card>
  );
}

/** Grid columns of product cards: 2 on phones, 3 on tablets, `wide` at desktop. */
export function ProductGrid({ children, wide = 4 }: { children: React.ReactNode; wide?: number }) {
  return <SimpleGrid cols={{ base: 2, sm: 3, lg: wide }} spacing={{ base: 'xs', sm: 'md' }} verticalSpacing={{ base: 'xs', sm: 'md' }}>{children}</SimpleGrid>;
}

/** Grey cards while a grid loads. */
export function ProductGridSkeleton({ count = 8, wide = 4 }: { count?: number; wide?: number }) {
  return (
    <ProductGrid wide={wide}>
      {Array.from({ length: count }, (_, i) => (
        <Card key={i} withBorder radius="md" padding={0}>
          <Skeleton style={{ aspectRatio: '1 / 1' }} radius={0} />
          <Stack gap={8} p="sm"><Skeleton h={12} /><Skeleton h={12} w="60%" /><Skeleton h={18} w="40%" /></Stack>
        </Card>
      ))}
    </ProductGrid>
  );
}
