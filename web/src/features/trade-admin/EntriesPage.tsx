import { Anchor, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { IconArrowBackUp, IconFilterOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Loading, Page } from '../../components/Page';
import { tData } from '../../lib/i18n-dynamic';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useTradeFmt } from '../trade-seller/format';
import { EntryKind } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import type { JournalEntry } from '../trade-seller/types';
import { adminApi, keys, useSellers } from './api';
import { AccountName } from './LedgerPage';

const KNOWN_KINDS = ['payment.succeeded', 'order.paid', 'order.refund', 'refund.succeeded', 'payout.initiated', 'transfer.succeeded'];

/** Where the screen for an entry's source document is. */
export function sourceLink(source: JournalEntry['source']): string | null {
  switch (source.type) {
    case 'order': return `/admin/trade/orders/${source.id}`;
    case 'payment': return '/admin/trade/payments';
    case 'refund': return '/admin/trade/payments?tab=refunds';
    case 'transfer': return '/admin/trade/payments?tab=transfers';
    case 'payout': return '/admin/finance/payouts';
    case 'statement': return `/admin/finance/statements/${source.id}`;
    case 'entry': return `/admin/finance/entries?entry=${source.id}`;
    default: return source.href;
  }
}

/** One journal entry: kind, source document link, reversal links, and its postings as debit/credit columns that sum to zero. */
export function EntryCard({ e }: { e: JournalEntry }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const sellers = useSellers();
  const link = sourceLink(e.source);
  const debit = e.postings.reduce((s, p) => s + Math.max(0, p.amount.amount), 0);
  return (
    <Card withBorder radius="lg" padding={0} data-testid="entry" data-kind={e.kind} data-id={e.id}>
      <Group justify="space-between" gap="sm" wrap="wrap" px="md" py="sm" bg="var(--mantine-color-gray-0)" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group gap="sm" wrap="wrap">
          <EntryKind kind={e.kind} />
          <Text size="xs" c="dimmed">{f.dateTime(e.occurredAt)}</Text>
          <Group gap={4} wrap="nowrap">
            <Text size="xs" c="dimmed">{tData(t, `tradeStaff.sourceType.${e.source.type}`, e.source.type)}</Text>
            {link ? <Anchor component={Link} to={link} size="xs" className="shiji-mono" translate="no" data-testid="entry-source">{e.source.id}</Anchor>
              : <Text size="xs" className="shiji-mono" translate="no">{e.source.id}</Text>}
          </Group>
          {e.memo && <Text size="xs" c="dimmed" translate="no">{e.memo}</Text>}
        </Group>
        <Group gap="xs">
          {e.reversalOf && (
            <Badge tt="none" variant="light" color="orange" component={Link} to={`/admin/finance/entries?entry=${e.reversalOf}`} style={{ cursor: 'pointer' }}>
              {t('tradeStaff.ledger.reverses')}
            </Badge>
          )}
          {e.reversedBy && (
            <Badge tt="none" variant="outline" color="orange" leftSection={<IconArrowBackUp size={12} />} component={Link} to={`/admin/finance/entries?entry=${e.reversedBy}`}
              style={{ cursor: 'pointer' }}>{t('tradeStaff.ledger.reversedBy')}</Badge>
          )}
          <Text size="xs" c="dimmed" className="shiji-mono" translate="no">{e.id}</Text>
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing={6} data-testid="entry-postings">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tradeStaff.ledger.account')}</Table.Th>
              <Table.Th>{t('tradeStaff.ledger.memo')}</Table.Th>
              <Table.Th>{t('tradeStaff.fields.seller')}</Table.Th>
              <Table.Th ta="right">{t('tradeStaff.ledger.debit')}</Table.Th>
              <Table.Th ta="right">{t('tradeStaff.ledger.credit')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.postings.map((p) => (
              <Table.Tr key={p.id} data-testid="posting">
                <Table.Td><AccountName code={p.account} /></Table.Td>
                <Table.Td><Text size="sm">{p.memo ? tData(t, `tradeStaff.memo.${p.memo}`, p.memo) : '—'}</Text></Table.Td>
                <Table.Td>
                  {p.sellerId ? <Text size="sm" translate="no">{sellers.nameOf(p.sellerId)}</Text> : <Text size="sm" c="dimmed">—</Text>}
                  {p.orderId && <Anchor component={Link} to={`/admin/trade/orders/${p.orderId}`} size="xs" className="shiji-mono" translate="no">{p.orderId}</Anchor>}
                </Table.Td>
                <Table.Td ta="right"><Text size="sm">{p.amount.amount > 0 ? f.money(p.amount) : ''}</Text></Table.Td>
                <Table.Td ta="right"><Text size="sm">{p.amount.amount < 0 ? f.money({ ...p.amount, amount: -p.amount.amount }) : ''}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Td colSpan={3}><Text size="xs" c="dimmed">{t('tradeStaff.ledger.entryBalances')}</Text></Table.Td>
              <Table.Td ta="right"><Text size="sm" fw={600}>{f.money(debit)}</Text></Table.Td>
              <Table.Td ta="right"><Text size="sm" fw={600}>{f.money(debit)}</Text></Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

const FILTERS = ['account', 'sellerId', 'kind', 'sourceType', 'sourceId', 'from', 'to'] as const;

/** 记账凭证: journal entries newest first with their postings and source documents; filters by account, seller, kind, source and time. */
export function EntriesPage() {
  const { t } = useTranslation();
  const sellers = useSellers();
  const [params, setParams] = useSearchParams();
  const entryId = params.get('entry');
  const filter: Record<string, string | undefined> = {};
  for (const k of FILTERS) {
    const v = params.get(k);
    // Dates are whole local days: "to" includes its day (the API's bound is exclusive).
    if (v) filter[k] = k === 'from' ? dayjs(v).toISOString() : k === 'to' ? dayjs(v).add(1, 'day').toISOString() : v;
  }
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v); else next.delete(k);
    next.delete('entry');
    setParams(next, { replace: true });
  };
  const one = useQuery({ queryKey: [...keys.entries({ entryId })], enabled: Boolean(entryId),
    queryFn: () => adminApi.entry(entryId!) });
  const list = usePagedList(keys.entries(filter), (c) => adminApi.entries(filter, c), !entryId);
  const any = FILTERS.some((k) => params.get(k)) || Boolean(entryId);
  return (
    <Page title={t('tradeStaff.entries.title')} description={t('tradeStaff.entries.hint')}
      actions={any && <Button variant="default" leftSection={<IconFilterOff size={16} />} onClick={() => setParams({}, { replace: true })}>{t('tradeStaff.entries.clear')}</Button>}>
      <Card withBorder radius="lg" padding="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput label={t('tradeStaff.ledger.account')} placeholder="payable:seller:…" defaultValue={params.get('account') ?? ''} key={`a-${params.get('account')}`}
            onBlur={(e) => set('account', e.currentTarget.value.trim() || null)} onKeyDown={(e) => { if (e.key === 'Enter') set('account', e.currentTarget.value.trim() || null); }}
            data-testid="entries-account" />
          {sellers.data && (
            <Select label={t('tradeStaff.fields.seller')} placeholder={t('tradeStaff.adminOrders.allSellers')} clearable searchable comboboxProps={{ withinPortal: true }}
              data={sellers.items.map((o) => ({ value: o.id, label: o.name }))} value={params.get('sellerId')} onChange={(v) => set('sellerId', v)} data-testid="entries-seller" />
          )}
          <Select label={t('tradeStaff.ledger.kind')} placeholder={t('common.all')} clearable comboboxProps={{ withinPortal: true }} value={params.get('kind')}
            onChange={(v) => set('kind', v)} data-testid="entries-kind"
            data={KNOWN_KINDS.map((k) => ({ value: k, label: tData(t, `tradeStaff.entryKind.${k.replace(/\./g, '_')}`, k) }))} />
          <TextInput label={t('tradeStaff.entries.source')} placeholder="ord_… / pay_…" defaultValue={params.get('sourceId') ?? ''} key={`s-${params.get('sourceId')}`}
            onBlur={(e) => set('sourceId', e.currentTarget.value.trim() || null)} onKeyDown={(e) => { if (e.key === 'Enter') set('sourceId', e.currentTarget.value.trim() || null); }}
            data-testid="entries-source" />
          <DateInput label={t('tradeStaff.entries.from')} placeholder="YYYY-MM-DD" clearable valueFormat="YYYY-MM-DD" value={params.get('from')} onChange={(v) => set('from', v ? dayjs(v).format('YYYY-MM-DD') : null)} />
          <DateInput label={t('tradeStaff.entries.to')} placeholder="YYYY-MM-DD" clearable valueFormat="YYYY-MM-DD" value={params.get('to')} onChange={(v) => set('to', v ? dayjs(v).format('YYYY-MM-DD') : null)} />
        </SimpleGrid>
      </Card>
      {entryId ? (
        <>
          <TradeProblem error={one.error} />
          {one.isPending ? <Loading /> : one.data && <EntryCard e={one.data} />}
        </>
      ) : (
        <>
          <TradeProblem error={list.error} />
          <Stack gap="md" data-testid="entries-list">
            {list.isPending ? <Loading /> : list.items.map((e) => <EntryCard key={e.id} e={e} />)}
          </Stack>
          <Card withBorder radius="lg" padding={0}><LoadMore list={list} /></Card>
        </>
      )}
    </Page>
  );
}
