import { Anchor, Badge, Box, Button, Card, Chip, Divider, Group, Image, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPhoto, IconPlus, IconSearch } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { LoadMore, usePagedList } from '../../lib/paging';
import { keys, PRODUCT_STATUSES, type ProductStatus, type ProductSummary } from './api';
import { CatalogProblem } from './CatalogProblem';
import { priceRange, ProductStatusBadge } from './labels';
import { PriceDisplayAlert } from './PriceDisplay';

function ProductRow({ p }: { p: ProductSummary }) {
  const { t, i18n } = useTranslation();
  const price = priceRange(p.priceMin, p.priceMax, i18n.language);
  return (
    <Group gap="md" wrap="nowrap" p="md" align="flex-start" data-testid="product-row" data-product-id={p.id} data-status={p.status}>
      {p.coverImageUrl
        ? <Image src={p.coverImageUrl} w={64} h={64} radius="md" fit="cover" alt="" style={{ flex: 'none' }} />
        : <ThemeIcon size={64} radius="md" variant="light" color="gray" aria-label={t('catalog.list.noCover')}><IconPhoto size={28} /></ThemeIcon>}
      <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
        <Anchor component={Link} to={`/seller/products/${p.id}`} fw={600} lineClamp={2} translate="no" data-testid="product-link">{p.title}</Anchor>
        <Group gap="xs" wrap="wrap">
          <ProductStatusBadge status={p.status} />
          {p.offShelfBy === 'operator' && <Badge color="red" variant="outline">{t('catalog.list.takenDown')}</Badge>}
          {price ? <Text size="sm" fw={600}>{price}</Text> : <Text size="sm" c="dimmed" title={t('catalog.list.noPriceHint')}>{t('catalog.list.noPrice')}</Text>}
        </Group>
        <Text size="xs" c="dimmed">
          {t('catalog.list.meta', { n: p.latestVersionNo, time: formatDateTime(p.updatedAt, i18n.language) })}
        </Text>
      </Stack>
    </Group>
  );
}

/** 商品列表: the shop's products, newest change first; filter by status, search by title; "load more" paging. */
export function ProductsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ProductStatus | 'all'>('all');
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q.trim(), 300);
  const list = usePagedList(keys.products({ status, search }), (cursor) => unwrap(api.GET('/api/seller/products', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(status !== 'all' ? { status } : {}), ...(search ? { q: search } : {}) } },
  })));
  return (
    <Page title={t('catalog.list.title')} description={t('catalog.list.hint')}
      actions={<Button component={Link} to="/seller/products/new" leftSection={<IconPlus size={16} />} data-testid="product-new">{t('catalog.list.new')}</Button>}>
      <PriceDisplayAlert />
      <Stack gap="sm">
        <TextInput placeholder={t('catalog.list.search')} aria-label={t('catalog.list.search')} leftSection={<IconSearch size={16} />} maw={420}
          value={q} onChange={(e) => setQ(e.currentTarget.value)} data-testid="product-search" />
        <Chip.Group multiple={false} value={status} onChange={(v) => setStatus(v as ProductStatus | 'all')}>
          <Group gap={6} role="radiogroup" aria-label={t('catalog.list.statusFilter')} data-testid="product-status-filter">
            <Chip value="all" size="sm" wrapperProps={{ 'data-testid': `product-filter-all` }}>{t('common.all')}</Chip>
            {PRODUCT_STATUSES.map((s) => <Chip key={s} value={s} size="sm" wrapperProps={{ 'data-testid': `product-filter-${s}` }}>{t(`catalog.status.${s}`)}</Chip>)}
          </Group>
        </Chip.Group>
      </Stack>
      <CatalogProblem error={list.error} />
      <Card withBorder radius="lg" padding={0} data-testid="product-list">
        {list.isPending ? <Loading /> : list.items.map((p, i) => (
          <Fragment key={p.id}>
            {i > 0 && <Divider />}
            <ProductRow p={p} />
          </Fragment>
        ))}
        <Box><LoadMore list={list} /></Box>
      </Card>
    </Page>
  );
}
