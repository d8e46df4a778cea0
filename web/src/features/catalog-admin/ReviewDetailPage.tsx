import { Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconPlayerSkipForward, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { ContentDiff, ContentView, type SkuPrices } from './ContentView';
import { ReasonModal } from './dialogs';
import { CatalogProblem } from './problem';
import { QUEUE_PAGE, reviewLink } from './ReviewsPage';
import { FlagBadges, FlagText, keys, useAccountNames, useCategories, useFmt, VersionStateBadge, type Version } from './shared';

function useQueueWindow(flagged: boolean) {
  return useQuery({
    queryKey: [...keys.reviews, 'window', flagged],
    queryFn: () => unwrap(api.GET('/api/admin/catalog/reviews', { params: { query: { limit: QUEUE_PAGE, ...(flagged ? { flagged: 'true' as const } : {}) } } })),
  });
}

function DecisionCard({ version, flagged }: { version: Version; flagged: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [note, setNote] = useState('');
  const [clear, setClear] = useState(false);
  const [clearError, setClearError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const hasFlags = version.flags.length > 0;
  const title = version.content.title;

  /** After a decision: the oldest item still waiting (same filter), else back to the queue. */
  const goNext = async () => {
    await qc.invalidateQueries({ queryKey: keys.all });
    try {
      const next = await unwrap(api.GET('/api/admin/catalog/reviews', { params: { query: { limit: '2', ...(flagged ? { flagged: 'true' as const } : {}) } } }));
      const item = next.items.find((i) => i.versionId !== version.id);
      if (item) {
        navigate(reviewLink(item.versionId, flagged));
        return;
      }
    } catch { /* the queue page shows the problem */ }
    notifications.show({ color: 'green', message: t('catalogAdmin.review.queueDone') });
    navigate(`/admin/catalog/reviews${flagged ? '?flagged=true' : ''}`);
  };
  const approve = useMutation({
    mutationFn: () => unwrap(api.POST('/api/admin/catalog/versions/{id}/approve', { params: { path: { id: version.id } },
      body: { ...(note.trim() ? { note: note.trim() } : {}), ...(hasFlags ? { clearFlags: clear } : {}) } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: t('catalogAdmin.review.approved'), message: <span translate="no">{title}</span> });
      await goNext();
    },
  });
  const reject = useMutation({
    mutationFn: (reason: string) => unwrap(api.POST('/api/admin/catalog/versions/{id}/reject', { params: { path: { id: version.id } }, body: { reason } })),
    onSuccess: async () => {
      setRejecting(false);
      notifications.show({ color: 'green', title: t('catalogAdmin.review.rejected'), message: <span translate="no">{title}</span> });
      await goNext();
    },
  });
  const onApprove = () => {
    if (hasFlags && !clear) { setClearError(t('catalogAdmin.review.clearFlagsRequired')); return; }
    approve.mutate();
  };
  return (
    <Card withBorder radius="lg" padding="md" data-testid="review-decision" style={{ position: 'sticky', top: 76 }}>
      <Stack gap="sm">
        <Title order={3} size="h5">{t('catalogAdmin.review.decision')}</Title>
        <CatalogProblem error={approve.error} />
        <Textarea label={t('catalogAdmin.review.approveNote')} description={t('catalogAdmin.review.approveNoteHint')} autosize minRows={2} maxRows={6} maxLength={500}
          value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="review-note" />
        {hasFlags && (
          <Checkbox label={t('catalogAdmin.review.clearFlags')} description={t('catalogAdmin.review.clearFlagsHint')} required checked={clear}
            error={clearError} color="yellow.7" data-testid="review-clear-flags"
            onChange={(e) => { setClear(e.currentTarget.checked); setClearError(null); }} />
        )}
        <Group grow gap="sm">
          <Button color="green" leftSection={<IconCheck size={16} />} onClick={onApprove} loading={approve.isPending} disabled={reject.isPending}
            data-testid="review-approve">
            {t('catalogAdmin.review.approve')}
          </Button>
          <Button color="red" variant="light" leftSection={<IconX size={16} />} onClick={() => setRejecting(true)} disabled={approve.isPending}
            data-testid="review-reject">
            {t('catalogAdmin.review.reject')}
          </Button>
        </Group>
      </Stack>
      <ReasonModal opened={rejecting} onClose={() => { setRejecting(false); reject.reset(); }} testid="review-reject"
        title={t('catalogAdmin.review.rejectTitle')} label={t('catalogAdmin.review.rejectReason')} description={t('catalogAdmin.review.rejectReasonHint')}
        confirmLabel={t('catalogAdmin.review.reject')} color="red" required pending={reject.isPending} error={reject.error}
        onSubmit={(r) => reject.mutate(r)} />
    </Card>
  );
}

/** One submission under review: its full content (or the change against the live version), flags, SKU prices and the decision. */
export function ReviewDetailPage() {
  const { versionId = '' } = useParams();
  const [params] = useSearchParams();
  const flagged = params.get('flagged') === 'true';
  const { t } = useTranslation();
  const me = useMe();
  const f = useFmt();
  const cats = useCategories();
  const nameOf = useAccountNames();
  const [mode, setMode] = useState<'content' | 'diff' | null>(null);
  const [onlyChanges, setOnlyChanges] = useState(true);
  const version = useQuery({ queryKey: keys.version(versionId), queryFn: () => unwrap(api.GET('/api/admin/catalog/versions/{id}', { params: { path: { id: versionId } } })) });
  const productId = version.data?.productId ?? '';
  const product = useQuery({ queryKey: keys.product(productId), enabled: Boolean(productId),
    queryFn: () => unwrap(api.GET('/api/admin/catalog/products/{id}', { params: { path: { id: productId } } })) });
  const liveId = product.data?.liveVersion && product.data.liveVersion.id !== versionId ? product.data.liveVersion.id : null;
  const live = useQuery({ queryKey: keys.version(liveId ?? ''), enabled: Boolean(liveId),
    queryFn: () => unwrap(api.GET('/api/admin/catalog/versions/{id}', { params: { path: { id: liveId! } } })) });
  const queue = useQueueWindow(flagged);

  const back = (
    <Button component={Link} to={`/admin/catalog/reviews${flagged ? '?flagged=true' : ''}`} variant="default" leftSection={<IconArrowLeft size={16} />}
      data-testid="review-back">
      {t('catalogAdmin.review.backToQueue')}
    </Button>
  );
  if (version.isPending || (productId && product.isPending)) return <Loading />;
  if (version.error || product.error) return <Page title={t('catalogAdmin.reviews.title')} actions={back}><CatalogProblem error={version.error ?? product.error} /></Page>;
  const v = version.data;
  const p = product.data!;
  const c = v.content;
  const pending = v.state === 'submitted' && p.pendingVersionId === v.id;
  const canReview = can(me.data, 'content:review');
  const items = queue.data?.items ?? [];
  const idx = items.findIndex((i) => i.versionId === v.id);
  const skip = idx >= 0 ? items[idx + 1] : items.find((i) => i.versionId !== v.id);
  const prices: SkuPrices = new Map(p.skus.map((s) => [s.id, s]));
  const shownMode = mode ?? (liveId ? 'diff' : 'content');
  const attrLabel = (key: string) => {
    const d = cats.byId.get(c.categoryId)?.rule?.attributes.find((a) => a.key === key);
    return d ? (f.en ? d.labelEn : d.label) : key;
  };

  return (
    <Page
      title={<span translate="no" data-testid="review-title">{c.title}</span>}
      description={(
        <>
          <span translate="no">{p.sellerName}</span> · <span translate="no">{cats.pathOf(c.categoryId)}</span> · {t('catalogAdmin.common.version', { n: v.versionNo })}
          {v.submittedAt && <> · {t('catalogAdmin.common.submittedAt')} {f.dateTime(v.submittedAt)}</>}
        </>
      )}
      actions={(
        <>
          {back}
          {skip && pending && (
            <Button component={Link} to={reviewLink(skip.versionId, flagged)} variant="default" rightSection={<IconPlayerSkipForward size={16} />} data-testid="review-skip">
              {t('catalogAdmin.review.skip')}
            </Button>
          )}
        </>
      )}>
      <Group gap={6} wrap="wrap">
        {liveId ? <Badge variant="light" color="grape" tt="none" data-testid="review-kind" data-kind="change">{t('catalogAdmin.reviews.change')}</Badge>
          : <Badge variant="light" color="blue" tt="none" data-testid="review-kind" data-kind="new">{t('catalogAdmin.reviews.newListing')}</Badge>}
        <VersionStateBadge state={v.state} />
        <FlagBadges flags={v.flags} />
        {idx >= 0 && <Text size="xs" c="dimmed" data-testid="review-position">{t('catalogAdmin.review.position', { n: idx + 1, total: items.length })}</Text>}
        <Anchor component={Link} to={`/admin/catalog/products/${p.id}`} size="xs" data-testid="review-product-link">{t('catalogAdmin.review.openProduct')} →</Anchor>
      </Group>

      {!pending && (
        <Alert color="gray" variant="light" title={t('catalogAdmin.review.notPending', { state: t(`catalogAdmin.versionState.${v.state}`) })} data-testid="review-not-pending">
          {v.decidedAt && <Text size="sm">{t('catalogAdmin.review.decidedBody', { who: nameOf(v.decidedBy), when: f.dateTime(v.decidedAt) })}</Text>}
          {v.decisionReason && <Text size="sm" translate="no">{t('catalogAdmin.product.offReason', { reason: v.decisionReason })}</Text>}
        </Alert>
      )}

      {v.flags.length > 0 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title={t('catalogAdmin.review.flagsTitle')} data-testid="review-flags">
          <Text size="sm" mb={4}>{t('catalogAdmin.review.flagsBody')}</Text>
          <Stack gap={2} component="ul" m={0} pl="md">
            {v.flags.map((fl, i) => (
              <Text component="li" size="sm" key={i} data-testid="review-flag" data-term={fl.term}>
                <FlagText flag={fl} attrLabel={attrLabel} />
              </Text>
            ))}
          </Stack>
        </Alert>
      )}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: pending && canReview ? 8 : 12 }} order={{ base: 1 }}>
          <Stack gap="md">
            {liveId && (
              <Group gap="sm" wrap="wrap">
                <SegmentedControl value={shownMode} onChange={(x) => setMode(x as 'content' | 'diff')} data-testid="review-view"
                  aria-label={t('catalogAdmin.review.viewSubmitted')}
                  data={[{ value: 'diff', label: t('catalogAdmin.review.viewDiff', { n: p.liveVersion!.versionNo }) },
                    { value: 'content', label: t('catalogAdmin.review.viewSubmitted') }]} />
                {shownMode === 'diff' && (
                  <Checkbox label={t('catalogAdmin.review.onlyChanges')} checked={onlyChanges} onChange={(e) => setOnlyChanges(e.currentTarget.checked)}
                    data-testid="review-only-changes" />
                )}
              </Group>
            )}
            {shownMode === 'diff' && liveId
              ? live.isPending ? <Loading /> : live.error ? <CatalogProblem error={live.error} />
                : <ContentDiff live={live.data!.content} next={c} flags={v.flags} onlyChanges={onlyChanges} prices={prices} />
              : <ContentView content={c} flags={v.flags} prices={prices} />}
          </Stack>
        </Grid.Col>
        {pending && canReview && (
          <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 2 }}>
            <DecisionCard key={v.id} version={v} flagged={flagged} />
          </Grid.Col>
        )}
      </Grid>
      {pending && !canReview && <Alert color="gray" variant="light">{t('catalogAdmin.review.noPermission')}</Alert>}
    </Page>
  );
}
