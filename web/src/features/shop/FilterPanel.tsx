import { Button, Checkbox, Chip, Divider, Group, NavLink, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ListingFilter } from './api';
import { categoryName, type CategoryIndex } from './categories';
import { fenToYuanInput, parseYuan } from './format';
import { attrKey, attrValue, listingHref } from './listing-params';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={8}>
      <Title order={3} size="h6" c="dark.6">{title}</Title>
      {children}
    </Stack>
  );
}

/** Category navigation: the path down to the current category, then its sub-categories (a leaf: its siblings). */
function CategoryNav({ filter, index, onNavigate }: { filter: ListingFilter; index: CategoryIndex; onNavigate?: () => void }) {
  const { t, i18n } = useTranslation();
  const current = filter.categoryId ? index.byId.get(filter.categoryId) : undefined;
  const base = current ? (current.leaf ? (current.parentId ? index.byId.get(current.parentId) : undefined) : current) : undefined;
  const chain = base ? index.path(base.id) : [];
  const list = index.children(base?.id ?? null);
  // Another category has other attributes: attribute filters are dropped, the rest is kept.
  const href = (categoryId: string | null) => listingHref({ ...filter, categoryId, attrs: [] });
  const link = (id: string | null, label: string, depth: number, active: boolean, data: boolean) => (
    <NavLink key={id ?? 'all'} component={Link} to={href(id)} label={label} active={active} onClick={onNavigate}
      pl={8 + depth * 14} py={5} style={{ borderRadius: 6 }} variant="light" translate={data ? 'no' : undefined}
      data-testid="filter-category" data-category-id={id ?? ''} aria-current={active ? 'page' : undefined} />
  );
  return (
    <Stack gap={2}>
      {link(null, t('shop.listing.allCategories'), 0, !current, false)}
      {chain.map((c, i) => link(c.id, categoryName(c, i18n.language), i + 1, c.id === current?.id, true))}
      {list.map((c) => link(c.id, categoryName(c, i18n.language), chain.length + 1, c.id === current?.id, true))}
    </Stack>
  );
}

/** Price range in yuan, sent as integer fen; min above max is swapped rather than refused. */
function PriceRange({ filter, onChange }: { filter: ListingFilter; onChange: (f: ListingFilter) => void }) {
  const { t } = useTranslation();
  const [min, setMin] = useState(fenToYuanInput(filter.minPrice));
  const [max, setMax] = useState(fenToYuanInput(filter.maxPrice));
  const [error, setError] = useState(false);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const lo = min.trim() ? parseYuan(min) : null;
    const hi = max.trim() ? parseYuan(max) : null;
    if ((min.trim() && lo === null) || (max.trim() && hi === null)) { setError(true); return; }
    setError(false);
    const [a, b] = lo !== null && hi !== null && lo > hi ? [hi, lo] : [lo, hi];
    onChange({ ...filter, minPrice: a, maxPrice: b });
  };
  return (
    <form onSubmit={apply} data-testid="filter-price">
      <Stack gap={6}>
        <Group gap={6} wrap="nowrap" align="center">
          <TextInput size="xs" inputMode="decimal" placeholder={t('shop.listing.minPrice')} aria-label={t('shop.listing.minPrice')}
            value={min} onChange={(e) => setMin(e.currentTarget.value)} leftSection="¥" error={error} style={{ flex: 1 }} data-testid="filter-price-min" />
          <Text c="dimmed" size="sm" aria-hidden>–</Text>
          <TextInput size="xs" inputMode="decimal" placeholder={t('shop.listing.maxPrice')} aria-label={t('shop.listing.maxPrice')}
            value={max} onChange={(e) => setMax(e.currentTarget.value)} leftSection="¥" error={error} style={{ flex: 1 }} data-testid="filter-price-max" />
          <Button type="submit" size="xs" variant="light" data-testid="filter-price-apply">{t('shop.listing.apply')}</Button>
        </Group>
        {error && <Text size="xs" c="red.7" role="alert">{t('shop.listing.priceInvalid')}</Text>}
      </Stack>
    </form>
  );
}

/**
 * The listing's filters: categories, price range, in stock only, and the category's filterable
 * attributes as chips. One value per attribute: the API matches every attr given, so two values of
 * one attribute would match nothing.
 */
export function FilterPanel({ filter, index, onChange, onNavigate }: {
  filter: ListingFilter; index: CategoryIndex; onChange: (f: ListingFilter) => void; onNavigate?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const attrFilters = filter.categoryId ? index.filters(filter.categoryId) : [];
  const chosen = (key: string) => filter.attrs.find((a) => attrKey(a) === key);
  const choose = (key: string, value: string) => {
    const now = chosen(key);
    const rest = filter.attrs.filter((a) => attrKey(a) !== key);
    onChange({ ...filter, attrs: now && attrValue(now) === value ? rest : [...rest, `${key}:${value}`] });
  };
  return (
    <Stack gap="md" data-testid="filter-panel">
      <Section title={t('shop.listing.categories')}>
        <CategoryNav filter={filter} index={index} onNavigate={onNavigate} />
      </Section>
      <Divider />
      <Section title={t('shop.listing.price')}>
        <PriceRange key={`${filter.minPrice}-${filter.maxPrice}`} filter={filter} onChange={onChange} />
      </Section>
      <Divider />
      <Section title={t('shop.listing.availability')}>
        <Checkbox label={t('shop.listing.inStock')} checked={filter.inStock} data-testid="filter-in-stock"
          onChange={(e) => onChange({ ...filter, inStock: e.currentTarget.checked })} />
      </Section>
      {attrFilters.map((f) => (
        <Stack key={f.key} gap="md">
          <Divider />
          <Section title={`${i18n.language === 'en' ? f.labelEn : f.label}${f.unit ? ` (${f.unit})` : ''}`}>
            <Group gap={6} data-testid="filter-attr" data-attr-key={f.key}>
              {f.options.map((o) => (
                <Chip key={o} size="xs" radius="sm" checked={chosen(f.key) === `${f.key}:${o}`} onChange={() => choose(f.key, o)}
                  wrapperProps={{ translate: 'no', 'data-testid': 'filter-attr-chip', 'data-attr': `${f.key}:${o}` }}>
                  {o}
                </Chip>
              ))}
            </Group>
          </Section>
        </Stack>
      ))}
    </Stack>
  );
}
