import { Anchor, Box, Button, Card, Center, Divider, Group, Select, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, PAGE_SIZE, unwrap, type Schemas } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { usePagedList } from '../../lib/paging';
import { IssueList } from '../catalog/PriceDisplay';
import { CatalogProblem } from './problem';
import { keys, useCategories, useSellers } from './shared';

type Item = Schemas['PriceDisplayIssue'];

function IssueRow({ item, categoryPath }: { item: Item; categoryPath: string }) {
  const { t } = useTranslation();
  return (
    <Group align="flex-start" gap="md" p="md" wrap="wrap" data-testid="price-display-row" data-product-id={item.productId}>
      <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
        <Anchor component={Link} to={`/admin/catalog/products/${item.productId}`} fw={600} size="sm" translate="no" data-testid="price-display-link">
          {item.title}
        </Anchor>
        <Text size="xs" c="dimmed">
          {t('catalogAdmin.common.seller')}{t('catalog.colon')}<span translate="no">{item.sellerName || item.sellerId}</span>
        </Text>
        <Text size="xs" c="dimmed">
          {t('catalogAdmin.common.category')}{t('catalog.colon')}<span translate="no">{categoryPath}</span>
        </Text>
      </Stack>
      <Box style={{ flex: '2 1 320px', minWidth: 0 }}>
        <IssueList issues={item.issues} />
      </Box>
    </Group>
  );
}

/**
 * 明码标价检查 (PL-PRC-10): on-sale products whose price or mandatory price-tag fields are missing under
 * their category's current rule (rules can tighten after approval), by seller, each issue in words.
 */
export function PriceDisplayPage() {
  const { t } = useTranslation();
  const cats = useCategories();
  const sellers = useSellers();
  const [params, setParams] = useSearchParams();
  const sellerId = params.get('sellerId') ?? '';
  const setSeller = (v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set('sellerId', v); else next.delete('sellerId');
    setParams(next, { replace: true });
  };
  const list = usePagedList([...keys.priceDisplay, sellerId], (cursor) => unwrap(api.GET('/api/admin/catalog/price-display-issues', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(sellerId ? { sellerId } : {}) } },
  })));
  const none = !list.isPending && !list.error && list.items.length === 0;
  return (
    <Page title={t('catalogAdmin.priceDisplay.title')} description={t('catalogAdmin.priceDisplay.hint')}>
      {sellers.data && (
        <Card withBorder radius="lg" padding="md">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            <Select label={t('catalogAdmin.products.seller')} placeholder={t('catalogAdmin.products.allSellers')} clearable searchable
              comboboxProps={{ withinPortal: true }} data={sellers.data.items.map((o) => ({ value: o.id, label: o.name }))}
              value={sellerId || null} onChange={setSeller} data-testid="price-display-seller" />
          </SimpleGrid>
        </Card>
      )}
      <CatalogProblem error={list.error} />
      <Card withBorder radius="lg" padding={0} data-testid="price-display-list">
        {list.isPending ? <Loading /> : list.items.map((item, i) => (
          <Fragment key={item.productId}>
            {i > 0 && <Divider />}
            <IssueRow item={item} categoryPath={cats.pathOf(item.categoryId)} />
          </Fragment>
        ))}
        {none && !list.hasNextPage && (
          <Center py="xl" data-testid="price-display-empty">
            <Stack align="center" gap="xs">
              <ThemeIcon size={44} radius="xl" variant="light" color="green"><IconCircleCheck size={26} /></ThemeIcon>
              <Text fw={500}>{sellerId ? t('catalogAdmin.priceDisplay.emptySeller') : t('catalogAdmin.priceDisplay.empty')}</Text>
            </Stack>
          </Center>
        )}
        {none && list.hasNextPage && (
          <Text size="sm" c="dimmed" ta="center" pt="lg" px="md">{t('catalogAdmin.priceDisplay.partial')}</Text>
        )}
        {list.hasNextPage && (
          <Center py="sm">
            <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="price-display-more">
              {none ? t('catalogAdmin.priceDisplay.continue') : t('common.loadMore')}
            </Button>
          </Center>
        )}
      </Card>
    </Page>
  );
}
