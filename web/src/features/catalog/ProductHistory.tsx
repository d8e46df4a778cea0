import { Badge, Card, Code, Group, Image, Stack, Text, Timeline } from '@mantine/core';
import { IconArrowBackUp, IconCalendarOff, IconCheck, IconClock, IconCurrencyYuan, IconEdit, IconEye, IconEyeOff, IconFilePlus, IconGavel, IconSend, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { Loading } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { imageSrc, keys, type Product, type ProductEvent } from './api';
import { CatalogProblem, fieldName } from './CatalogProblem';
import { withData } from './data-text';
import { actionLabel, money, Note, priceTypeLabel, VersionStateBadge } from './labels';
import { scheduleTime } from './ShelfSchedule';

const ICONS: Record<string, typeof IconEdit> = {
  created: IconFilePlus, saved: IconEdit, withdrawn: IconArrowBackUp, submitted: IconSend, approved: IconCheck, rejected: IconX,
  off_shelf: IconEyeOff, on_shelf: IconEye, taken_down: IconGavel, price_changed: IconCurrencyYuan, price_change_rejected: IconCurrencyYuan,
  shelf_scheduled: IconClock, schedule_skipped: IconCalendarOff,
};
const COLORS: Record<string, string> = { approved: 'green', rejected: 'red', taken_down: 'red', price_change_rejected: 'red', submitted: 'blue', off_shelf: 'gray', schedule_skipped: 'orange' };

/** What an event's detail says, in a short line (version number, price, flags, category move); codes and terms as data. */
function detailLine(t: TFunction, lng: string, e: ProductEvent, skuCodes: Map<string, string>): ReactNode[] {
  const d = e.detail as Record<string, unknown>;
  const parts: ReactNode[] = [];
  const terms = (x: unknown[]) => x.map(String).join(t('catalog.listSeparator'));
  if (typeof d.versionNo === 'number') parts.push(t('catalog.history.version', { n: d.versionNo }));
  if (e.action === 'price_changed' && typeof d.retail === 'number') {
    const sku = typeof d.skuId === 'string' ? skuCodes.get(d.skuId) ?? d.skuId : '';
    parts.push(withData((m) => t('catalog.history.price', { sku: m(0), price: money({ amount: d.retail as number, currency: 'CNY' }, lng) }), [sku]));
    if (typeof d.priceType === 'string') parts.push(priceTypeLabel(t, d.priceType as never));
  }
  if (e.action === 'price_change_rejected' && typeof d.skuId === 'string') parts.push(<span translate="no">{skuCodes.get(d.skuId) ?? d.skuId}</span>);
  if (Array.isArray(d.flags) && d.flags.length) parts.push(withData((m) => t('catalog.history.flags', { terms: m(0) }), [terms(d.flags)]));
  if (Array.isArray(d.clearedFlags) && d.clearedFlags.length) parts.push(withData((m) => t('catalog.history.clearedFlags', { terms: m(0) }), [terms(d.clearedFlags)]));
  if (typeof d.categoryTo === 'string') parts.push(t('catalog.history.categoryMoved'));
  if (e.action === 'shelf_scheduled') {
    if (typeof d.onAt === 'string') parts.push(t('catalog.schedule.historyOn', { time: scheduleTime(d.onAt) }));
    if (typeof d.offAt === 'string') parts.push(t('catalog.schedule.historyOff', { time: scheduleTime(d.offAt) }));
    if (!d.onAt && !d.offAt) parts.push(t('catalog.schedule.historyNone'));
  }
  return parts;
}

/** The product's history: every content, review, shelf and price event with who (seller, platform, system), why and when. */
export function ProductHistory({ product }: { product: Product }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: keys.history(product.id),
    queryFn: async () => (await unwrap(api.GET('/api/seller/products/{id}/history', { params: { path: { id: product.id } } }))).items });
  const codes = new Map(product.skus.map((s) => [s.id, s.code]));
  if (q.isPending) return <Loading />;
  if (q.error) return <CatalogProblem error={q.error} />;
  if (q.data.length === 0) return <Text c="dimmed" size="sm">{t('common.empty')}</Text>;
  return (
    <Card withBorder radius="lg" padding="md">
      <Timeline bulletSize={26} lineWidth={2} data-testid="product-history">
        {q.data.map((e) => {
          const Icon = ICONS[e.action] ?? IconEdit;
          const detail = detailLine(t, i18n.language, e, codes);
          return (
            <Timeline.Item key={e.id} bullet={<Icon size={14} />} color={COLORS[e.action] ?? 'brand'} data-testid="history-row" data-action={e.action}
              title={<Group gap="xs"><Text fw={600} size="sm">{actionLabel(t, e.action)}</Text>
                <Badge size="xs" variant="light" color={e.actorKind === 'operator' ? 'grape' : e.actorKind === 'system' ? 'gray' : 'brand'}>
                  {t(`catalog.actorKind.${e.actorKind}`)}</Badge></Group>}>
              <Text size="xs" c="dimmed">{formatDateTime(e.createdAt, i18n.language)}</Text>
              {detail.length > 0 && <Text size="sm" mt={2}>{detail.map((x, i) => <Fragment key={i}>{i > 0 && ' · '}{x}</Fragment>)}</Text>}
              {e.reason && <Text size="sm" mt={2}>{e.action === 'approved' ? t('catalog.history.note') : t('catalog.history.reason')}{t('catalog.colon')}<Note text={e.reason} /></Text>}
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Card>
  );
}

/** Every version, newest first: state, dates, review decision and quality-claim flags; the live and the pending one marked. */
export function ProductVersions({ product }: { product: Product }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: keys.versions(product.id),
    queryFn: async () => (await unwrap(api.GET('/api/seller/products/{id}/versions', { params: { path: { id: product.id } } }))).items });
  if (q.isPending) return <Loading />;
  if (q.error) return <CatalogProblem error={q.error} />;
  return (
    <Stack gap="sm" data-testid="product-versions">
      {q.data.map((v) => (
        <Card key={v.id} withBorder radius="md" padding="md" data-testid="version-row" data-version={v.versionNo} data-state={v.state}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
              {v.content.images[0]
                ? <Image src={imageSrc(v.content.images[0])} w={56} h={56} radius="sm" fit="cover" alt="" />
                : <div style={{ width: 56, height: 56, borderRadius: 4, background: 'var(--mantine-color-gray-1)', flex: 'none' }} />}
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Text fw={700}>v{v.versionNo}</Text>
                  <VersionStateBadge state={v.state} />
                  {product.liveVersion?.id === v.id && <Badge color="green" variant="filled" size="sm">{product.live ? t('catalog.versions.live') : t('catalog.versions.approvedOff')}</Badge>}
                </Group>
                <Text size="sm" lineClamp={2} translate="no">{v.content.title}</Text>
                <Text size="xs" c="dimmed">
                  {t('catalog.versions.summary', { skus: v.content.skus.length, images: v.content.images.length })}
                  {' · '}{t('catalog.versions.created', { time: formatDateTime(v.createdAt, i18n.language) })}
                  {v.submittedAt && <>{' · '}{t('catalog.versions.submitted', { time: formatDateTime(v.submittedAt, i18n.language) })}</>}
                  {v.decidedAt && <>{' · '}{t(v.state === 'withdrawn' ? 'catalog.versions.withdrawnAt' : 'catalog.versions.decided', { time: formatDateTime(v.decidedAt, i18n.language) })}</>}
                </Text>
                {v.decisionReason && (
                  <Text size="sm" c={v.state === 'rejected' ? 'red.8' : undefined}>
                    {v.state === 'rejected' ? t('catalog.versions.rejectReason') : t('catalog.versions.note')}{t('catalog.colon')}<Note text={v.decisionReason} />
                  </Text>
                )}
                {v.flags.length > 0 && (
                  <Group gap={4}>
                    <Text size="xs" c="orange.8">{t('catalog.versions.flags')}</Text>
                    {v.flags.map((f, i) => (
                      <Badge key={i} size="xs" color="orange" variant="light" tt="none">
                        {fieldName(t, i18n.language, f.field)}{t('catalog.colon')}<Code fz="xs" bg="transparent" translate="no">{f.term}</Code>
                      </Badge>
                    ))}
                  </Group>
                )}
              </Stack>
            </Group>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
