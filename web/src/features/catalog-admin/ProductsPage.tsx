import { Anchor, Badge, Card, Group, Image, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPhotoOff, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { LoadMore, usePagedList } from '../../lib/paging';
import { CatalogProblem } from './problem';
import { keys, PRODUCT_STATUSES, ProductStatusBadge, useCategories, useFmt, useSellers, type ProductStatus, type ProductSummary } from './shared';

function PriceRange({ p }: { p: ProductSummary }) {
  const f = useFmt();
  if (!p.priceMin) return <Text size="sm" c="dimmed">—</Text>;
  const same = !p.priceMax || p.priceMax.amount === p.priceMin.amount;
  return <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{same ? f.money(p.priceMin) : `${f.money(p.priceMin)} – ${f.money(p.priceMax)}`}</Text>;
}

/** Every seller's products with filters (status, seller, category, title). */
export function ProductsPage() {
  const { t } = useTranslation();
  const f = useFmt();
  const cats = useCategories();
  const sellers = useSellers();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as ProductStatus | '';
  const sellerId = params.get('sellerId') ?? '';
  const categoryId = params.get('categoryId') ?? '';
  const [q, setQ] = useState(params.get('q') ?? '');
  const [search] = useDebouncedValue(q.trim(), 300);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  useEffect(() => {
    if ((params.get('q') ?? '') !== search) set('q', search || null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the debounced search only
  }, [search]);
  const query = { ...(status ? { status } : {}), ...(sellerId ? { sellerId } : {}), ...(categoryId ? { categoryId } : {}), ...(search ? { q: search } : {}) };
  const list = usePagedList([...keys.products, query], (cursor) => unwrap(api.GET('/api/admin/catalog/products', {
    params: { query: { ...query, limit: PAGE_SIZE, cursor } },
  })));
  const leafOptions = cats.items.filter((c) => c.leaf).map((c) => ({ value: c.id, label: cats.pathOf(c.id) }));
  return (
    <Page title={t('catalogAdmin.products.title')} description={t('catalogAdmin.products.hint')}>
      <Card withBorder radius="lg" padding="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput label={t('catalogAdmin.products.search')} placeholder={t('catalogAdmin.products.search')} leftSection={<IconSearch size={16} />}
            value={q} onChange={(e) => setQ(e.currentTarget.value)} maxLength={100} data-testid="products-search" />
          <Select label={t('catalogAdmin.products.status')} placeholder={t('catalogAdmin.products.allStatuses')} clearable comboboxProps={{ withinPortal: true }}
            data={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`catalogAdmin.status.${s}`) }))} value={status || null}
            onChange={(v) => set('status', v)} data-testid="products-status" />
          {sellers.data && (
            <Select label={t('catalogAdmin.products.seller')} placeholder={t('catalogAdmin.products.allSellers')} clearable searchable comboboxProps={{ withinPortal: true }}
              data={sellers.data.items.map((o) => ({ value: o.id, label: o.name }))} value={sellerId || null} onChange={(v) => set('sellerId', v)}
              data-testid="products-seller" />
          )}
          <Select label={t('catalogAdmin.products.category')} placeholder={t('catalogAdmin.products.allCategories')} clearable searchable
            comboboxProps={{ withinPortal: true }} data={leafOptions} value={categoryId || null} onChange={(v) => set('categoryId', v)}
            data-testid="products-category" />
        </SimpleGrid>
      </Card>
      <CatalogProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="products-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('catalogAdmin.common.product')}</Table.Th>
                  <Table.Th>{t('catalogAdmin.products.seller')}</Table.Th>
                  <Table.Th>{t('catalogAdmin.products.category')}</Table.Th>
                  <Table.Th>{t('catalogAdmin.products.status')}</Table.Th>
                  <Table.Th>{t('catalogAdmin.products.price')}</Table.Th>
                  <Table.Th>{t('catalogAdmin.common.updatedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((p) => (
                  <Table.Tr key={p.id} data-testid="product-row" data-id={p.id} data-status={p.status}>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        {p.coverImageUrl
                          ? <Image src={p.coverImageUrl} alt="" w={44} h={44} radius="sm" fit="cover" style={{ flex: 'none' }} />
                          : <IconPhotoOff size={20} color="var(--mantine-color-gray-5)" />}
                        <Stack gap={2} style={{ minWidth: 0 }}>
                          <Anchor component={Link} to={`/admin/catalog/products/${p.id}`} fw={500} size="sm" translate="no" data-testid="product-link">{p.title}</Anchor>
                          <Text size="xs" c="dimmed">{t('catalogAdmin.products.latest', { n: p.latestVersionNo })}</Text>
                        </Stack>
                      </Group>
                    </Table.Td>
                    <Table.Td><Text size="sm" translate="no">{p.sellerName}</Text></Table.Td>
                    <Table.Td><Text size="sm" translate="no">{cats.pathOf(p.categoryId)}</Text></Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <ProductStatusBadge status={p.status} />
                        {p.offShelfBy === 'operator' && <Badge color="red" variant="filled" size="sm" tt="none">{t('catalogAdmin.products.takenDown')}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td><PriceRange p={p} /></Table.Td>
                    <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(p.updatedAt)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
    </Page>
  );
}
