import { Anchor, Badge, Box, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconClipboardCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { LoadMore, usePagedList } from '../../lib/paging';
import { CatalogProblem } from './problem';
import { FlagBadges, keys, useCategories, useFmt, type ReviewItem } from './shared';

/** Queue page size: large enough that the count in the title is usually exact. */
export const QUEUE_PAGE = '100';

/** Link to a review, keeping the queue's filter so "next" follows the same queue. */
export function reviewLink(versionId: string, flagged: boolean) {
  return `/admin/catalog/reviews/${versionId}${flagged ? '?flagged=true' : ''}`;
}

function QueueRow({ item, flagged }: { item: ReviewItem; flagged: boolean }) {
  const { t } = useTranslation();
  const f = useFmt();
  const cats = useCategories();
  const to = reviewLink(item.versionId, flagged);
  return (
    <Box px="md" py="sm" data-testid="review-row" data-version-id={item.versionId} data-flagged={item.flags.length > 0 ? 'true' : 'false'}
      style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Anchor component={Link} to={to} fw={600} size="sm" translate="no" data-testid="review-open-link">{item.title}</Anchor>
          <Group gap={6} wrap="wrap">
            {item.liveVersionId
              ? <Badge variant="light" color="grape" tt="none" data-testid="review-kind" data-kind="change">{t('catalogAdmin.reviews.change')}</Badge>
              : <Badge variant="light" color="blue" tt="none" data-testid="review-kind" data-kind="new">{t('catalogAdmin.reviews.newListing')}</Badge>}
            <FlagBadges flags={item.flags} />
            <Badge variant="outline" color="gray" tt="none">{t('catalogAdmin.common.versionShort', { n: item.versionNo })}</Badge>
          </Group>
          <Text size="xs" c="dimmed">
            <span translate="no">{item.sellerName}</span> · <span translate="no">{cats.pathOf(item.categoryId) || item.categoryName}</span>
          </Text>
          <Text size="xs" c="dimmed">
            {t('catalogAdmin.common.submittedAt')} {f.dateTime(item.submittedAt)} · {t('catalogAdmin.reviews.waiting', { time: f.since(item.submittedAt) })}
          </Text>
        </Stack>
        <Button component={Link} to={to} size="xs" variant="light" rightSection={<IconArrowRight size={14} />} data-testid="review-open">
          {t('catalogAdmin.reviews.open')}
        </Button>
      </Group>
    </Box>
  );
}

/** The review queue, oldest first; optionally only submissions with quality-claim flags. */
export function ReviewsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const flagged = params.get('flagged') === 'true';
  const list = usePagedList([...keys.reviews, 'queue', flagged], (cursor) => unwrap(api.GET('/api/admin/catalog/reviews', {
    params: { query: { limit: QUEUE_PAGE, cursor, ...(flagged ? { flagged: 'true' as const } : {}) } },
  })));
  const count = list.items.length;
  const first = list.items[0];
  return (
    <Page title={t('catalogAdmin.reviews.title')} description={t('catalogAdmin.reviews.hint')}
      actions={first && (
        <Button component={Link} to={reviewLink(first.versionId, flagged)} leftSection={<IconClipboardCheck size={16} />} data-testid="review-start">
          {t('catalogAdmin.reviews.open')}
        </Button>
      )}>
      <Group gap="sm" wrap="wrap" justify="space-between">
        <SegmentedControl value={flagged ? 'flagged' : 'all'} data-testid="review-filter" aria-label={t('catalogAdmin.reviews.flaggedOnly')}
          onChange={(v) => setParams(v === 'flagged' ? { flagged: 'true' } : {}, { replace: true })}
          data={[{ value: 'all', label: t('catalogAdmin.reviews.filterAll') }, { value: 'flagged', label: t('catalogAdmin.reviews.filterFlagged') }]} />
        {!list.isPending && (
          <Badge size="lg" variant="light" color={count ? 'blue' : 'green'} tt="none" data-testid="review-count" data-count={count}>
            {list.hasNextPage ? t('catalogAdmin.reviews.pendingMore', { count }) : t('catalogAdmin.reviews.pending', { count })}
          </Badge>
        )}
      </Group>
      <CatalogProblem error={list.error} />
      <Card withBorder radius="lg" padding={0} data-testid="review-queue">
        {list.isPending ? <Loading /> : count === 0 ? (
          <Stack align="center" gap="sm" py="xl">
            <Text c="dimmed" size="sm" data-testid="review-empty">{flagged ? t('catalogAdmin.reviews.emptyFlagged') : t('catalogAdmin.reviews.empty')}</Text>
            {flagged && <Button variant="default" size="xs" onClick={() => setParams({}, { replace: true })}>{t('catalogAdmin.reviews.filterAll')}</Button>}
          </Stack>
        ) : (
          <Box style={{ marginTop: -1 }}>{list.items.map((i) => <QueueRow key={i.versionId} item={i} flagged={flagged} />)}</Box>
        )}
        {count > 0 && <LoadMore list={list} />}
      </Card>
    </Page>
  );
}
