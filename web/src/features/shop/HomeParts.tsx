import { Anchor, Card, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useShelf, useStoreCategories, type ListingFilter } from './api';
import { categoryName, indexCategories } from './categories';
import { listingHref } from './listing-params';
import { ProductCard, ProductGrid, ProductGridSkeleton } from './ProductCard';
import classes from './shop.module.css';

export const ALL: ListingFilter = { q: '', categoryId: null, sellerId: null, minPrice: null, maxPrice: null, inStock: false, attrs: [], sort: 'newest' };
const TINTS = ['teal', 'brand', 'indigo', 'grape', 'cyan', 'lime'] as const;

/** A section title with a "view all" link on the right. */
function ShelfHead({ title, href, data }: { title: string; href: string; data?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" align="baseline" wrap="nowrap">
      <Title order={2} fz={{ base: 18, sm: 22 }} translate={data ? 'no' : undefined}>{title}</Title>
      <Anchor component={Link} to={href} size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="shelf-view-all">
        <Group gap={2} wrap="nowrap">{t('shop.home.viewAll')}<IconChevronRight size={14} aria-hidden /></Group>
      </Anchor>
    </Group>
  );
}

/** A home-page row of the newest products for a filter (a category, or everything). */
export function Shelf({ title, filter, limit, data, testId }: { title: string; filter: ListingFilter; limit: number; data?: boolean; testId: string }) {
  const q = useShelf(filter, limit);
  if (q.isSuccess && q.data.length === 0) return null;
  return (
    <Stack gap="sm" component="section" data-testid={testId}>
      <ShelfHead title={title} href={listingHref(filter)} data={data} />
      {q.error && <ProblemAlert error={q.error} />}
      {q.isPending && <ProductGridSkeleton count={4} />}
      {q.isSuccess && <ProductGrid>{q.data.map((p) => <ProductCard key={p.id} product={p} />)}</ProductGrid>}
    </Stack>
  );
}

/** Entry points: each top-level category with its sub-categories. */
export function CategoryEntries() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const cats = useStoreCategories();
  const index = useMemo(() => indexCategories(cats.data ?? []), [cats.data]);
  const roots = index.children(null);
  return (
    <Stack gap="sm" component="section" data-testid="home-categories">
      <Title order={2} fz={{ base: 18, sm: 22 }}>{t('shop.home.categories')}</Title>
      {cats.error && <ProblemAlert error={cats.error} />}
      <SimpleGrid cols={{ base: 1, xs: 2, md: Math.min(Math.max(roots.length, 3), 4) }} spacing="md">
        {cats.isPending && Array.from({ length: 3 }, (_, i) => <Skeleton key={i} h={120} radius="md" />)}
        {roots.map((root, i) => (
          <Card key={root.id} withBorder radius="md" padding="md" className={classes.catCard} data-testid="home-category" data-category-id={root.id}>
            <Stack gap="sm">
              <Anchor component={Link} to={`/c/${encodeURIComponent(root.id)}`} underline="never" c="inherit">
                <Group gap="sm" wrap="nowrap">
                  <ThemeIcon size={40} radius="md" variant="light" color={TINTS[i % TINTS.length]} aria-hidden>
                    <Text fw={700} fz="lg" translate="no">{root.name.slice(0, 1)}</Text>
                  </ThemeIcon>
                  <Text fw={600} fz="lg" translate="no">{categoryName(root, lng)}</Text>
                  <IconChevronRight size={16} color="var(--mantine-color-dimmed)" aria-hidden style={{ marginLeft: 'auto' }} />
                </Group>
              </Anchor>
              <div className={classes.catLinks}>
                {index.children(root.id).map((c) => (
                  <Anchor key={c.id} component={Link} to={`/c/${encodeURIComponent(c.id)}`} size="sm" c="dark.5" translate="no" data-testid="home-subcategory">
                    {categoryName(c, lng)}
                  </Anchor>
                ))}
              </div>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

/** One shelf per top-level category (a few of its newest products). */
export function CategoryShelves() {
  const { i18n } = useTranslation();
  const cats = useStoreCategories();
  const index = useMemo(() => indexCategories(cats.data ?? []), [cats.data]);
  return (
    <>
      {index.children(null).map((root) => (
        <Shelf key={root.id} title={categoryName(root, i18n.language)} data testId="home-category-shelf"
          filter={{ ...ALL, categoryId: root.id }} limit={4} />
      ))}
    </>
  );
}
