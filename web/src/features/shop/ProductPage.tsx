import { Anchor, Breadcrumbs, Button, Container, EmptyState, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconBuildingStore, IconPackageOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { Loading } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useStoreProduct, type StoreProduct } from './api';
import { categoryName } from './categories';
import { listingHref } from './listing-params';
import { AttributesTable, declaredQuantity, DeliveryFee, Gallery, PriceBlock, PriceTagCard, QualityCard, SkuPicker, StockLine } from './ProductParts';
import classes from './shop.module.css';
import { AddToCart } from '../trade-store/AddToCart';

/** The page a link to an off-shelf (or unknown) product lands on. */
function ProductGone() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py={60}>
      <EmptyState icon={<IconPackageOff size={40} />} withIndicatorBackground size="lg" data-testid="product-not-found"
        title={t('shop.product.notFoundTitle')} description={t('shop.product.notFoundBody')}>
        <EmptyState.Actions>
          <Button component={Link} to="/search">{t('shop.product.browse')}</Button>
          <Button component={Link} to="/" variant="default">{t('shop.product.backHome')}</Button>
        </EmptyState.Actions>
      </EmptyState>
    </Container>
  );
}

/** A label and its value in the product's fact list (规格, 净含量, 运费, 店铺). */
function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{label}</Text>
      <div style={{ minWidth: 0 }}>{children}</div>
    </>
  );
}

function ProductView({ product: p }: { product: StoreProduct }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [sp, setSp] = useSearchParams();
  // The chosen SKU is in the URL (?sku=…) so a reload or a shared link keeps it; default: the first one in stock.
  const fallback = p.skus.find((s) => s.stock !== 'out_of_stock') ?? p.skus[0];
  const sku = p.skus.find((s) => s.id === sp.get('sku')) ?? fallback;
  const choose = (id: string) => setSp((prev) => { const n = new URLSearchParams(prev); n.set('sku', id); return n; }, { replace: true });
  const quantity = sku ? declaredQuantity(t, sku, lng) : null;
  const crumbs = p.breadcrumb;
  return (
    <Container size="lg" py={{ base: 'sm', sm: 'lg' }} data-testid="product-page" data-product-id={p.id}>
      <Stack gap="lg">
        <Breadcrumbs separatorMargin={6} styles={{ root: { flexWrap: 'wrap', rowGap: 4 } }} data-testid="product-breadcrumb">
          <Anchor component={Link} to="/" size="sm" c="dimmed">{t('shop.product.home')}</Anchor>
          {crumbs.map((c) => (
            <Anchor key={c.id} component={Link} to={listingHref({ q: '', categoryId: c.id, sellerId: null, minPrice: null, maxPrice: null, inStock: false, attrs: [], sort: 'newest' })}
              size="sm" c="dimmed" translate="no">{categoryName(c, lng)}</Anchor>
          ))}
        </Breadcrumbs>
        <Grid gap={{ base: 'md', md: 40 }}>
          <Grid.Col span={{ base: 12, sm: 6, md: 5 }}>
            <Gallery images={p.images} preferred={sku?.imageUrl ?? null} title={p.title} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 7 }}>
            <Stack gap="md">
              <Stack gap={6}>
                <Title order={1} fz={{ base: 20, sm: 24 }} lh={1.35} translate="no" data-testid="product-title">{p.title}</Title>
                {p.subtitle && <Text c="dimmed" size="sm" translate="no" data-testid="product-subtitle">{p.subtitle}</Text>}
              </Stack>
              {sku && <PriceBlock product={p} sku={sku} />}
              <div className={classes.facts}>
                {sku && (
                  <Fact label={t('shop.product.specification')}>
                    <Stack gap={8}>
                      <SkuPicker skus={p.skus} value={sku.id} onChange={choose} />
                      <StockLine sku={sku} />
                    </Stack>
                  </Fact>
                )}
                {quantity && (
                  <Fact label={quantity.label}>
                    <Text size="sm" translate="no" data-testid="declared-quantity">{quantity.value}</Text>
                  </Fact>
                )}
                <Fact label={t('shop.product.delivery.title')}>
                  <DeliveryFee shipping={p.shipping} />
                </Fact>
                <Fact label={t('shop.product.seller')}>
                  <Group gap="xs" wrap="wrap">
                    <Group gap={4} wrap="nowrap">
                      <IconBuildingStore size={16} aria-hidden />
                      <Text size="sm" fw={500} translate="no" data-testid="product-seller">{p.seller.name}</Text>
                    </Group>
                    <Anchor component={Link} size="sm" data-testid="product-seller-link"
                      to={listingHref({ q: '', categoryId: null, sellerId: p.seller.id, minPrice: null, maxPrice: null, inStock: false, attrs: [], sort: 'newest' })}>
                      {t('shop.product.sellerMore')}
                    </Anchor>
                  </Group>
                </Fact>
                {sku && <AddToCart key={sku.id} product={p} sku={sku} />}
              </div>
            </Stack>
          </Grid.Col>
        </Grid>
        <Grid gap={{ base: 'lg', md: 40 }} mt="md">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="xl">
              <AttributesTable product={p} />
              {p.description && (
                <Stack gap="sm">
                  <Title order={2} size="h4">{t('shop.product.description')}</Title>
                  <Text className={classes.description} translate="no" data-testid="product-description">{p.description}</Text>
                </Stack>
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="md">
              {sku && <PriceTagCard product={p} sku={sku} />}
              <QualityCard standard={p.qualityStandard} />
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </Container>
  );
}

/** The product page (/p/:productId); an off-shelf or unknown product shows a "not found" page. */
export function ProductPage() {
  const { productId } = useParams();
  const q = useStoreProduct(productId);
  if (q.isPending) return <Loading />;
  if (q.error) {
    if (q.error instanceof ApiError && q.error.status === 404) return <ProductGone />;
    return <Container size="lg" py="lg"><ProblemAlert error={q.error} /></Container>;
  }
  return <ProductView key={q.data.id} product={q.data} />;
}
