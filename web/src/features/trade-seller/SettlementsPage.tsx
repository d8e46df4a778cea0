import { ActionIcon, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconChevronDown, IconChevronRight, IconFileInvoice, IconList, IconMessageQuestion, IconTransfer } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Loading, Page } from '../../components/Page';
import { tData } from '../../lib/i18n-dynamic';
import { LoadMore, usePagedList } from '../../lib/paging';
import { keys, sellerApi } from './api';
import { useTradeFmt } from './format';
import { Amount, EntryKind, PayoutStatusBadge, PeriodText, StatementStatusBadge } from './parts';
import { ReasonModal } from './dialogs';
import { TradeProblem } from './problem';
import type { Payout, Statement } from './types';

/** A payout's status with its failure (PL-PAY-06) or rejection reason. */
function PayoutLine({ p }: { p: Payout }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  return (
    <Group gap="sm" wrap="wrap" data-testid="payout-row" data-status={p.status}>
      <PayoutStatusBadge status={p.status} />
      <Text size="sm" fw={500}>{f.money(p.amount)}</Text>
      {p.payee && <Text size="xs" c="dimmed" className="shiji-mono" translate="no">{p.payee}</Text>}
      <Text size="xs" c="dimmed">{f.dateTime(p.paidAt ?? p.createdAt)}</Text>
      {p.failureReason && (
        <Text size="sm" c={p.status === 'rejected' ? 'dimmed' : 'red.7'} data-testid="payout-failure">
          {t(p.status === 'rejected' ? 'tradeStaff.payouts.rejectedBecause' : 'tradeStaff.payouts.failedBecause')}<span translate="no">{p.failureReason}</span>
        </Text>
      )}
    </Group>
  );
}

/** The period's figures: sales, delivery fees, refunds, commission, deductions, net (PL-FIN-03). */
export function StatementFigures({ s, columns }: { s: Statement; columns: 'row' | 'list' }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const items: Array<[string, { amount: number; currency: string }, string?]> = [
    ['sales', s.sales], ['deliveryFees', s.deliveryFees], ['refunds', { ...s.refunds, amount: -Math.abs(s.refunds.amount) }],
    ['commission', { ...s.commission, amount: -Math.abs(s.commission.amount) }], ['deductions', { ...s.deductions, amount: -Math.abs(s.deductions.amount) }],
  ];
  if (columns === 'row') return <>{items.map(([k, v]) => <Table.Td key={k} ta="right"><Amount value={v} /></Table.Td>)}</>;
  return (
    <Stack gap={4}>
      {items.map(([k, v]) => (
        <Group key={k} justify="space-between"><Text size="sm" c="dimmed">{t(`tradeStaff.statements.${k}` as 'tradeStaff.statements.sales')}</Text><Amount value={v} /></Group>
      ))}
      <Group justify="space-between"><Text size="sm" fw={600}>{t('tradeStaff.statements.net')}</Text><Text fw={700}>{f.money(s.net)}</Text></Group>
    </Stack>
  );
}

function StatementsTab() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const [open, setOpen] = useState<string | null>(null);
  const list = usePagedList(keys.statements, (cursor) => sellerApi.statements(cursor));
  return (
    <Stack gap="sm">
      <TradeProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={960}>
            <Table verticalSpacing="sm" data-testid="statements-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36} />
                  <Table.Th>{t('tradeStaff.statements.period')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.statements.sales')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.statements.deliveryFees')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.statements.refunds')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.statements.commission')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.statements.deductions')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.statements.net')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((s) => (
                  <Fragment key={s.id}>
                    <Table.Tr data-testid="statement-row" data-id={s.id} data-status={s.status} style={{ cursor: 'pointer' }} onClick={() => setOpen(open === s.id ? null : s.id)}>
                      <Table.Td>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('tradeStaff.statements.showPayouts')} aria-expanded={open === s.id}>
                          {open === s.id ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td>
                        <PeriodText s={s} />
                        <Text size="xs" c="dimmed">{t('tradeStaff.statements.ordersCount', { count: s.orders })}</Text>
                      </Table.Td>
                      <StatementFigures s={s} columns="row" />
                      <Table.Td ta="right"><Text size="sm" fw={700} data-testid="statement-net">{f.money(s.net)}</Text></Table.Td>
                      <Table.Td><StatementStatusBadge status={s.status} /></Table.Td>
                    </Table.Tr>
                    {open === s.id && (
                      <Table.Tr>
                        <Table.Td />
                        <Table.Td colSpan={8}>
                          <Stack gap={6} py={4}>
                            <Text size="xs" c="dimmed" fw={500}>{t('tradeStaff.payouts.title')}</Text>
                            {(s.payouts ?? []).length === 0
                              ? <Text size="sm" c="dimmed">{t('tradeStaff.payouts.none')}</Text>
                              : (s.payouts ?? []).map((p) => <PayoutLine key={p.id} p={p} />)}
                          </Stack>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
    </Stack>
  );
}

const ENQUIRY_COLOR = { open: 'orange', answered: 'blue', resolved: 'green' } as const;

/** Payouts with status and failure reason; a failed one can be asked about (PL-PAY-06) and the answer is shown. */
function PayoutsTab() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const [asking, setAsking] = useState<Payout | null>(null);
  const list = usePagedList(keys.payouts, (cursor) => sellerApi.payouts(cursor));
  const enquiries = useQuery({ queryKey: keys.enquiries, queryFn: sellerApi.enquiries });
  const enquiryOf = (p: Payout) => (p.transferId ? enquiries.data?.items.find((e) => e.subjectId === p.transferId) : undefined);
  const ask = useMutation({
    mutationFn: (v: { p: Payout; message: string }) => sellerApi.enquire(v.p.transferId!, v.message),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.enquiries });
      notifications.show({ color: 'green', message: t('tradeStaff.payouts.asked') });
      setAsking(null);
    },
  });
  return (
    <Stack gap="sm">
      <TradeProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" data-testid="payouts-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.fields.time')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.fields.amount')}</Table.Th>
                  <Table.Th>{t('tradeStaff.payouts.payee')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((p) => {
                  const e = enquiryOf(p);
                  return (
                    <Table.Tr key={p.id} data-testid="payout-row" data-status={p.status}>
                      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(p.paidAt ?? p.createdAt)}</Text></Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={600}>{f.money(p.amount)}</Text></Table.Td>
                      <Table.Td><Text size="sm" className="shiji-mono" translate="no" style={{ whiteSpace: 'nowrap' }}>{p.payee}</Text></Table.Td>
                      <Table.Td maw={360}>
                        <PayoutStatusBadge status={p.status} />
                        {p.failureReason && (
                          <Text size="xs" c={p.status === 'rejected' ? 'dimmed' : 'red.7'} data-testid="payout-failure">
                            {t(p.status === 'rejected' ? 'tradeStaff.payouts.rejectedBecause' : 'tradeStaff.payouts.failedBecause')}<span translate="no">{p.failureReason}</span>
                          </Text>
                        )}
                        {e && (
                          <Stack gap={2} mt={4}>
                            <Badge size="sm" tt="none" variant="light" color={ENQUIRY_COLOR[e.status]}>{t(`tradeStaff.enquiries.status.${e.status}`)}</Badge>
                            {e.reply && <Text size="xs" translate="no" data-testid="payout-enquiry-reply">{e.reply}</Text>}
                          </Stack>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {p.status === 'failed' && p.transferId && !e && (
                          <Button size="xs" variant="light" leftSection={<IconMessageQuestion size={14} />} onClick={() => setAsking(p)} data-testid="payout-enquire">
                            {t('tradeStaff.payouts.enquire')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
      <ReasonModal opened={Boolean(asking)} onClose={() => { ask.reset(); setAsking(null); }} testid="payout-enquiry"
        title={t('tradeStaff.payouts.enquireTitle')} body={asking && t('tradeStaff.payouts.enquireBody', { amount: f.money(asking.amount) })}
        label={t('tradeStaff.payouts.enquireMessage')} required confirmLabel={t('tradeStaff.payouts.enquireSend')}
        pending={ask.isPending} error={ask.error} onSubmit={(message) => asking && ask.mutate({ p: asking, message })} />
    </Stack>
  );
}

/** The seller's own postings: what the platform owes the shop grows with sales and shrinks with refunds, commission and payouts. */
function EntriesTab() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const balance = useQuery({ queryKey: keys.balance, queryFn: sellerApi.balance });
  const list = usePagedList(keys.entries({}), (cursor) => sellerApi.entries({}, cursor));
  // Only the lines on the shop's payable account: the other postings of an entry (the consumer clearing, the platform's commission) are context.
  const own = (account: string) => (balance.data ? account === balance.data.account : account.startsWith('payable:seller:'));
  const rows = list.items.flatMap((e) => e.postings.filter((p) => own(p.account)).map((p) => ({ key: p.id, entry: e, p })));
  return (
    <Stack gap="sm">
      <TradeProblem error={balance.error ?? list.error} />
      {balance.data && (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Card withBorder radius="lg" padding="md" data-testid="seller-balance">
            <Text size="xs" c="dimmed" fw={500}>{t('tradeStaff.sellerLedger.balance')}</Text>
            <Text fz={26} fw={700}>{f.money(balance.data.balance)}</Text>
          </Card>
          <Card withBorder radius="lg" padding="md">
            <Text size="xs" c="dimmed" fw={500}>{t('tradeStaff.sellerLedger.earned')}</Text>
            <Text fz={20} fw={600} c="green.8">{f.money(balance.data.earned)}</Text>
          </Card>
          <Card withBorder radius="lg" padding="md">
            <Text size="xs" c="dimmed" fw={500}>{t('tradeStaff.sellerLedger.deducted')}</Text>
            <Text fz={20} fw={600} c="red.7">{f.money(balance.data.deducted)}</Text>
          </Card>
        </SimpleGrid>
      )}
      <Text size="sm" c="dimmed">{t('tradeStaff.sellerLedger.hint')}</Text>
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : rows.length > 0 && (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" data-testid="seller-entries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.fields.time')}</Table.Th>
                  <Table.Th>{t('tradeStaff.ledger.kind')}</Table.Th>
                  <Table.Th>{t('tradeStaff.ledger.memo')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.order')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.sellerLedger.change')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map(({ key, entry, p }) => {
                  // A credit (negative) on the shop's payable account is money the platform owes the shop.
                  const change = { ...p.amount, amount: -p.amount.amount };
                  return (
                    <Table.Tr key={key} data-testid="seller-entry" data-kind={entry.kind}>
                      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(entry.occurredAt)}</Text></Table.Td>
                      <Table.Td><EntryKind kind={entry.kind} /></Table.Td>
                      <Table.Td><Text size="sm">{p.memo ? tData(t, `tradeStaff.memo.${p.memo}`, p.memo) : '—'}</Text></Table.Td>
                      <Table.Td>
                        {p.orderId ? (
                          <Anchor component={Link} to={`/seller/orders/${p.orderId}`} size="sm" className="shiji-mono" translate="no">
                            {entry.source.type === 'order' && entry.memo ? entry.memo : p.orderId}
                          </Anchor>
                        ) : '—'}
                      </Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={500} c={change.amount < 0 ? 'red.7' : 'green.8'}>{change.amount > 0 ? '+' : ''}{f.money(change)}</Text></Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
    </Stack>
  );
}

const TABS = ['statements', 'payouts', 'entries'] as const;
type Tab = (typeof TABS)[number];

/** 结算: the shop's settlement statements per period with their payouts, and its own ledger postings (PL-FIN-03, PL-PAY-06). */
export function SettlementsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'statements';
  return (
    <Page title={t('tradeStaff.sellerSettlements.title')} description={t('tradeStaff.sellerSettlements.hint')}>
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'statements' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="statements" leftSection={<IconFileInvoice size={16} />} data-testid="settlement-tab-statements">{t('tradeStaff.sellerSettlements.statements')}</Tabs.Tab>
          <Tabs.Tab value="payouts" leftSection={<IconTransfer size={16} />} data-testid="settlement-tab-payouts">{t('tradeStaff.payouts.title')}</Tabs.Tab>
          <Tabs.Tab value="entries" leftSection={<IconList size={16} />} data-testid="settlement-tab-entries">{t('tradeStaff.sellerLedger.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="statements"><StatementsTab /></Tabs.Panel>
        <Tabs.Panel value="payouts"><PayoutsTab /></Tabs.Panel>
        <Tabs.Panel value="entries"><EntriesTab /></Tabs.Panel>
      </Tabs>
    </Page>
  );
}
