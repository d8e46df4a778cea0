import { Anchor, Card, Chip, Divider, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { LoadMore, usePagedList } from '../../lib/paging';
import { keys, PRICE_CHANGE_STATUSES, type PriceChange, type PriceChangeStatus } from './api';
import { CatalogProblem } from './CatalogProblem';
import { money, Note as NoteText, PriceChangeStatusBadge, priceTypeLabel } from './labels';
import { approvalReasons, pctText } from './PricePanel';

function PriceMove({ c }: { c: PriceChange }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const typeChanged = c.before && c.before.priceType !== c.after.priceType;
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" c="dimmed" td={c.before ? 'line-through' : undefined}>{c.before ? money(c.before.retail, lng) : t('catalog.changes.first')}</Text>
        <IconArrowRight size={14} />
        <Text size="sm" fw={600}>{money(c.after.retail, lng)}</Text>
      </Group>
      <Text size="xs" c="dimmed">
        {typeChanged ? `${priceTypeLabel(t, c.before!.priceType)} → ${priceTypeLabel(t, c.after.priceType)}` : priceTypeLabel(t, c.after.priceType)}
        {c.after.member && ` · ${t('catalog.fields.member')} ${money(c.after.member, lng)}`}
        {c.after.list && ` · ${t('catalog.changes.list')} ${money(c.after.list, lng)}`}
      </Text>
    </>
  );
}

function Pct({ c }: { c: PriceChange }) {
  const up = c.before ? c.after.retail.amount > c.before.retail.amount : false;
  const down = c.before ? c.after.retail.amount < c.before.retail.amount : false;
  return (
    <Text size="sm" fw={500} c={up ? 'red.7' : down ? 'green.8' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
      {pctText(c.changePct, c.before?.retail.amount, c.after.retail.amount)}
    </Text>
  );
}

function StatusCell({ c }: { c: PriceChange }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <PriceChangeStatusBadge status={c.status} />
      {c.status === 'pending' && approvalReasons(t, lng, c).map((r, i) => <Text key={i} size="xs" c="dimmed" mt={2}>{r}</Text>)}
      {c.effectiveAt && c.status !== 'pending' && <Text size="xs" c="dimmed" mt={2}>{t('catalog.changes.effective', { time: formatDateTime(c.effectiveAt, lng) })}</Text>}
    </>
  );
}

function Note({ c }: { c: PriceChange }) {
  const { i18n } = useTranslation();
  if (!c.decisionNote) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <>
      <Text size="sm"><NoteText text={c.decisionNote} /></Text>
      {c.decidedAt && <Text size="xs" c="dimmed">{formatDateTime(c.decidedAt, i18n.language)}</Text>}
    </>
  );
}

function ProductCell({ c }: { c: PriceChange }) {
  return (
    <>
      <Anchor component={Link} to={`/seller/products/${c.productId}?tab=prices`} size="sm" fw={500} lineClamp={2} translate="no">{c.productTitle}</Anchor>
      <Text size="xs" c="dimmed" translate="no">{c.skuCode}</Text>
    </>
  );
}

/** One change as a card (phone width). */
function ChangeCard({ c }: { c: PriceChange }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={6} p="md" data-testid="price-change-row" data-status={c.status}>
      <ProductCell c={c} />
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={0}><PriceMove c={c} /></Stack>
        <Pct c={c} />
      </Group>
      <div><StatusCell c={c} /></div>
      <Text size="sm"><Text span c="dimmed" size="sm">{t('catalog.fields.reason')}{t('catalog.colon')}</Text><span translate="no">{c.reason}</span></Text>
      {c.decisionNote && <div><Text size="xs" c="dimmed">{t('catalog.changes.note')}</Text><Note c={c} /></div>}
      <Text size="xs" c="dimmed">{formatDateTime(c.createdAt, i18n.language)}</Text>
    </Stack>
  );
}

function ChangeRow({ c }: { c: PriceChange }) {
  const { i18n } = useTranslation();
  return (
    <Table.Tr data-testid="price-change-row" data-status={c.status}>
      <Table.Td w={120}><Text size="sm">{formatDateTime(c.createdAt, i18n.language)}</Text></Table.Td>
      <Table.Td maw={260}><ProductCell c={c} /></Table.Td>
      <Table.Td><PriceMove c={c} /></Table.Td>
      <Table.Td><Pct c={c} /></Table.Td>
      <Table.Td><StatusCell c={c} /></Table.Td>
      <Table.Td maw={220}><Text size="sm" translate="no">{c.reason}</Text></Table.Td>
      <Table.Td maw={220}><Note c={c} /></Table.Td>
    </Table.Tr>
  );
}

/** 调价记录: every price set or change of the shop, newest first, with status, reason and the approver's note. */
export function PriceChangesPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<PriceChangeStatus | 'all'>('all');
  const phone = useMediaQuery('(max-width: 48em)');
  const list = usePagedList(keys.priceChanges({ status }), (cursor) => unwrap(api.GET('/api/seller/price-changes', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(status !== 'all' ? { status } : {}) } },
  })));
  return (
    <Page title={t('catalog.changes.title')} description={t('catalog.changes.hint')}>
      <Stack gap="sm">
        <Chip.Group multiple={false} value={status} onChange={(v) => setStatus(v as PriceChangeStatus | 'all')}>
          <Group gap={6} role="radiogroup" aria-label={t('catalog.changes.statusFilter')} data-testid="price-change-filter">
            <Chip value="all" size="sm" wrapperProps={{ 'data-testid': `price-change-filter-all` }}>{t('common.all')}</Chip>
            {PRICE_CHANGE_STATUSES.map((s) => <Chip key={s} value={s} size="sm" wrapperProps={{ 'data-testid': `price-change-filter-${s}` }}>{t(`catalog.changeStatus.${s}`)}</Chip>)}
          </Group>
        </Chip.Group>
      </Stack>
      <CatalogProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (phone ? list.items.map((c, i) => (
          <Fragment key={c.id}>{i > 0 && <Divider />}<ChangeCard c={c} /></Fragment>
        )) : (
          <Table.ScrollContainer minWidth={980}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="price-change-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('catalog.changes.time')}</Table.Th>
                  <Table.Th>{t('catalog.changes.product')}</Table.Th>
                  <Table.Th>{t('catalog.changes.price')}</Table.Th>
                  <Table.Th>{t('catalog.changes.pct')}</Table.Th>
                  <Table.Th>{t('catalog.changes.status')}</Table.Th>
                  <Table.Th>{t('catalog.fields.reason')}</Table.Th>
                  <Table.Th>{t('catalog.changes.note')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>{list.items.map((c) => <ChangeRow key={c.id} c={c} />)}</Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
        <LoadMore list={list} />
      </Card>
    </Page>
  );
}
