import { Anchor, Badge, Box, Breadcrumbs, Button, CloseButton, Container, Drawer, EmptyState, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconSearchOff } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SORTS, useStoreCategories, useStoreProducts, type ListingFilter, type Sort } from './api';
import { categoryName, indexCategories } from './categories';
import { FilterPanel } from './FilterPanel';
import { moneyShort } from './format';
import { activeFilterCount, attrKey, attrValue, listingHref, readListing } from './listing-params';
import { ProductCard, ProductGrid, ProductGridSkeleton } from './ProductCard';
import { ShopSearchBox } from './SearchBox';

/** A removable pill for one active filter. */
function FilterPill({ label, onRemove, data = false }: { label: string; onRemove: () => void; data?: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="brand" size="lg" radius="sm" tt="none" fw={500} pr={2} data-testid="active-filter"
      rightSection={<CloseButton size="xs" variant="transparent" c="brand.8" onClick={onRemove} aria-label={t('shop.listing.removeFilter', { name: label })} />}>
      <span translate={data ? 'no' : undefined}>{label}</span>
    </Badge>
  );
}

/**
 * Category listing (/c/:categoryId) and search (/search?q=…): filters on the left (a drawer on
 * phones), sort, cards, "load more". All state is in the URL, so reload and back work.
 */
export function ListingPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { categoryId } = useParams();
  const [sp] = useSearchParams();
  const navigate = useNavigate();
  const filter = useMemo(() => readListing(sp, categoryId), [sp, categoryId]);
  const cats = useStoreCategories();
  const index = useMemo(() => indexCategories(cats.data ?? []), [cats.data]);
  const list = useStoreProducts(filter);
  const [drawer, setDrawer] = useState(false);
  // One filter panel in the page: beside the list from md up, in a drawer below (so test ids stay unique).
  const wide = useMediaQuery('(min-width: 62em)', window.matchMedia('(min-width: 62em)').matches, { getInitialValueInEffect: false });

  const go = (f: ListingFilter) => navigate(listingHref(f));
  const category = categoryId ? index.byId.get(categoryId) : undefined;
  const categoryMissing = Boolean(categoryId) && cats.isSuccess && !category;
  const path = category ? index.path(category.id) : [];
  const attrLabel = (key: string) => {
    const f = filter.categoryId ? index.filters(filter.categoryId).find((x) => x.key === key) : undefined;
    return f ? (lng === 'en' ? f.labelEn : f.label) : key;
  };
  const sellerName = filter.sellerId ? list.items.find((p) => p.seller.id === filter.sellerId)?.seller.name : undefined;

  const title = filter.q
    ? t('shop.listing.searchTitle', { q: filter.q })
    : category ? categoryName(category, lng)
      : filter.sellerId ? (sellerName ? t('shop.listing.sellerProducts', { name: sellerName }) : t('shop.listing.shopProducts'))
        : t('shop.listing.allProducts');
  const count = activeFilterCount(filter);
  const cleared: ListingFilter = { ...filter, minPrice: null, maxPrice: null, inStock: false, attrs: [] };
  const priceLabel = filter.minPrice !== null && filter.maxPrice !== null
    ? t('shop.listing.priceBetween', { min: moneyShort(filter.minPrice, lng), max: moneyShort(filter.maxPrice, lng) })
    : filter.minPrice !== null ? t('shop.listing.priceFrom', { min: moneyShort(filter.minPrice, lng) })
      : filter.maxPrice !== null ? t('shop.listing.priceTo', { max: moneyShort(filter.maxPrice, lng) }) : null;
  const hasPills = Boolean(filter.q || filter.sellerId || count);

  return (
    <Container size="lg" py={{ base: 'sm', sm: 'lg' }}>
      <Stack gap="md">
        {/* The header carries the search box from the sm breakpoint up. */}
        <Box hiddenFrom="sm"><ShopSearchBox maw={640} /></Box>
        <Breadcrumbs separatorMargin={6} styles={{ root: { flexWrap: 'wrap', rowGap: 4 } }} data-testid="listing-breadcrumb">
          <Anchor component={Link} to="/" size="sm" c="dimmed">{t('shop.listing.home')}</Anchor>
          {category
            ? path.map((c, i) => (i === path.length - 1 && !filter.q
              ? <Text key={c.id} size="sm" translate="no">{categoryName(c, lng)}</Text>
              : <Anchor key={c.id} component={Link} to={listingHref({ ...filter, categoryId: c.id, q: '', attrs: [] })} size="sm" c="dimmed" translate="no">{categoryName(c, lng)}</Anchor>))
            : <Text size="sm">{filter.q ? t('shop.search.submit') : t('shop.listing.allProducts')}</Text>}
        </Breadcrumbs>
        <Stack gap={2}>
          <Title order={1} fz={{ base: 22, sm: 28 }} data-testid="listing-title" translate={category && !filter.q ? 'no' : undefined}>{title}</Title>
          {filter.q && category && <Text size="sm" c="dimmed">{t('shop.listing.inCategory', { name: categoryName(category, lng) })}</Text>}
        </Stack>
        {categoryMissing && <Text c="dimmed" data-testid="category-missing">{t('shop.listing.categoryMissing')}</Text>}
        <Group align="flex-start" wrap="nowrap" gap="xl">
          {wide && (
            <Box component="aside" w={240} style={{ flexShrink: 0 }} aria-label={t('shop.listing.filters')}>
              <FilterPanel filter={filter} index={index} onChange={go} />
            </Box>
          )}
          <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                {!wide && (
                <Button variant="default" size="sm" leftSection={<IconAdjustmentsHorizontal size={16} />} onClick={() => setDrawer(true)}
                  data-testid="open-filters">
                  {count ? t('shop.listing.filtersActive', { count }) : t('shop.listing.filters')}
                </Button>
                )}
                {list.isSuccess && list.items.length > 0 && (
                  <Text size="sm" c="dimmed" visibleFrom="xs" data-testid="listing-count">{t('shop.listing.shown', { count: list.items.length })}</Text>
                )}
              </Group>
              <Select
                size="sm" w={{ base: 150, sm: 180 }} allowDeselect={false} aria-label={t('shop.listing.sort')} data-testid="listing-sort"
                value={filter.sort} onChange={(v) => v && go({ ...filter, sort: v as Sort })}
                data={SORTS.map((s) => ({ value: s, label: t(`shop.sort.${s}`) }))} comboboxProps={{ withinPortal: true }}
              />
            </Group>
            {hasPills && (
              <Group gap={6} data-testid="active-filters">
                {filter.q && <FilterPill label={t('shop.listing.keyword', { q: filter.q })} onRemove={() => go({ ...filter, q: '' })} />}
                {filter.sellerId && <FilterPill label={t('shop.listing.seller', { name: sellerName ?? '…' })} onRemove={() => go({ ...filter, sellerId: null })} />}
                {priceLabel && <FilterPill label={priceLabel} onRemove={() => go({ ...filter, minPrice: null, maxPrice: null })} />}
                {filter.inStock && <FilterPill label={t('shop.listing.inStock')} onRemove={() => go({ ...filter, inStock: false })} />}
                {filter.attrs.map((a) => (
                  <FilterPill key={a} data label={t('shop.listing.attrPill', { label: attrLabel(attrKey(a)), value: attrValue(a) })} onRemove={() => go({ ...filter, attrs: filter.attrs.filter((x) => x !== a) })} />
                ))}
                {count > 0 && (
                  <Button variant="subtle" size="compact-sm" onClick={() => go(cleared)} data-testid="clear-filters">{t('shop.listing.clearAll')}</Button>
                )}
              </Group>
            )}
            {list.error && <ProblemAlert error={list.error} />}
            {list.isPending && <ProductGridSkeleton count={8} />}
            {list.isSuccess && list.items.length === 0 && (
              <EmptyState py={48} icon={<IconSearchOff size={36} />} withIndicatorBackground data-testid="listing-empty"
                title={t('shop.listing.emptyTitle')} description={t('shop.listing.emptyBody')}>
                <EmptyState.Actions>
                  {count > 0 && <Button variant="light" onClick={() => go(cleared)}>{t('shop.listing.emptyClear')}</Button>}
                  <Button variant="default" component={Link} to="/">{t('shop.product.backHome')}</Button>
                </EmptyState.Actions>
              </EmptyState>
            )}
            {list.items.length > 0 && (
              <ProductGrid>
                {list.items.map((p) => <ProductCard key={p.id} product={p} />)}
              </ProductGrid>
            )}
            {list.hasNextPage && (
              <Group justify="center" py="md">
                <Button variant="default" size="md" miw={200} onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="load-more">
                  {t('shop.listing.loadMore')}
                </Button>
              </Group>
            )}
            {list.isSuccess && !list.hasNextPage && list.items.length > 8 && (
              <Text ta="center" size="sm" c="dimmed" py="md" data-testid="listing-end">{t('shop.listing.end')}</Text>
            )}
          </Stack>
        </Group>
      </Stack>
      <Drawer opened={drawer && !wide} onClose={() => setDrawer(false)} position="left" size="min(88vw, 360px)" title={t('shop.listing.filters')}
        closeButtonProps={{ 'aria-label': t('common.close') }} data-testid="filter-drawer">
        <Stack gap="md" pb="xl">
          <FilterPanel filter={filter} index={index} onChange={go} onNavigate={() => setDrawer(false)} />
          <Button fullWidth onClick={() => setDrawer(false)} data-testid="filter-drawer-done">{t('shop.listing.showResults')}</Button>
        </Stack>
      </Drawer>
    </Container>
  );
}
