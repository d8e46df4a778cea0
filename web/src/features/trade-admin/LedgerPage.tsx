import { Alert, Anchor, Badge, Button, Card, Group, List, SegmentedControl, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconCircleCheck, IconListDetails, IconScale, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Loading, Page } from '../../components/Page';
import { useTradeFmt } from '../trade-seller/format';
import { Section } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import type { AccountKind, LedgerAccount } from '../trade-seller/types';
import { adminApi, keys, useAccountLabel } from './api';

const KINDS: AccountKind[] = ['asset', 'liability', 'revenue', 'expense'];
const KIND_COLOR: Record<AccountKind, string> = { asset: 'blue', liability: 'orange', revenue: 'green', expense: 'red' };

export function AccountKindBadge({ kind }: { kind: AccountKind }) {
  const { t } = useTranslation();
  return <Badge size="sm" tt="none" variant="light" color={KIND_COLOR[kind]}>{t(`tradeStaff.ledger.kinds.${kind}`)}</Badge>;
}

/** An account as people read it: its name, with the structured code underneath (data). */
export function AccountName({ code, name }: { code: string; name?: string }) {
  const label = useAccountLabel();
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500}>{label(code, name)}</Text>
      <Anchor component={Link} to={`/admin/finance/entries?account=${encodeURIComponent(code)}`} size="xs" c="dimmed" className="shiji-mono" translate="no">{code}</Anchor>
    </Stack>
  );
}

/** The ledger's integrity check (MS-FIN-02): every entry balances, all postings sum to zero, no orphan postings. Runs on demand; the job runs it hourly. */
function IntegrityCard() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const q = useQuery({ queryKey: keys.integrity, queryFn: adminApi.integrity, staleTime: 0 });
  const r = q.data;
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="integrity-card" data-ok={r ? String(r.ok) : undefined}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          {r?.ok === false ? <IconShieldX size={28} color="var(--mantine-color-red-7)" /> : <IconShieldCheck size={28} color="var(--mantine-color-green-7)" />}
          <Stack gap={2}>
            <Text fw={600}>{t('tradeStaff.ledger.integrity')}</Text>
            {r && (
              <Text size="sm" c={r.ok ? 'green.8' : 'red.7'} fw={500} data-testid="integrity-result">
                {r.ok ? t('tradeStaff.ledger.integrityOk', { entries: f.count(r.entries), postings: f.count(r.postings) }) : t('tradeStaff.ledger.integrityBroken')}
              </Text>
            )}
            {r && <Text size="xs" c="dimmed">{t('tradeStaff.ledger.checkedAt', { time: f.dateTime(r.checkedAt), total: f.money(r.grandTotal) })}</Text>}
          </Stack>
        </Group>
        <Button variant="light" onClick={() => void q.refetch()} loading={q.isFetching} data-testid="integrity-run">{t('tradeStaff.ledger.checkNow')}</Button>
      </Group>
      <TradeProblem error={q.error} />
      {r && !r.ok && (
        <Alert color="red" variant="light" mt="sm">
          <List size="sm">
            {r.problems.map((p, i) => <List.Item key={i} lang="en">{p}</List.Item>)}
            {r.unbalancedEntries.slice(0, 10).map((e) => (
              <List.Item key={e.entryId}>
                <Anchor component={Link} to={`/admin/finance/entries?entry=${e.entryId}`} size="sm" className="shiji-mono" translate="no">{e.entryId}</Anchor>
                {' '}{t('tradeStaff.ledger.unbalancedBy', { sum: f.money(e.sum), postings: e.postings })}
              </List.Item>
            ))}
            {r.orphanPostings > 0 && <List.Item>{t('tradeStaff.ledger.orphans', { count: r.orphanPostings })}</List.Item>}
          </List>
        </Alert>
      )}
    </Card>
  );
}

/** 试算平衡: per account total debits, credits and balance; the grand total must be 0 (平衡). */
function TrialBalanceTab() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const q = useQuery({ queryKey: keys.trialBalance, queryFn: adminApi.trialBalance });
  const tb = q.data;
  return (
    <Stack gap="lg">
      <TradeProblem error={q.error} />
      {q.isPending ? <Loading /> : tb && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Card withBorder radius="lg" padding="md">
              <Text size="xs" c="dimmed" fw={500}>{t('tradeStaff.ledger.totalDebits')}</Text>
              <Text fz={22} fw={700}>{f.money(tb.total.debits)}</Text>
            </Card>
            <Card withBorder radius="lg" padding="md">
              <Text size="xs" c="dimmed" fw={500}>{t('tradeStaff.ledger.totalCredits')}</Text>
              <Text fz={22} fw={700}>{f.money(tb.total.credits)}</Text>
            </Card>
            <Card withBorder radius="lg" padding="md" bg={tb.balanced ? 'var(--mantine-color-green-0)' : 'var(--mantine-color-red-0)'}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="xs" c="dimmed" fw={500}>{t('tradeStaff.ledger.grandTotal')}</Text>
                <Badge tt="none" size="lg" color={tb.balanced ? 'green' : 'red'} variant="filled" leftSection={tb.balanced ? <IconCircleCheck size={14} /> : undefined}
                  data-testid="trial-balance-badge" data-balanced={String(tb.balanced)}>
                  {t(tb.balanced ? 'tradeStaff.ledger.balanced' : 'tradeStaff.ledger.unbalanced')}
                </Badge>
              </Group>
              <Text fz={22} fw={700} c={tb.balanced ? 'green.8' : 'red.7'} data-testid="trial-balance-total" data-amount={tb.total.net.amount}>{f.money(tb.total.net)}</Text>
            </Card>
          </SimpleGrid>
          <Card withBorder radius="lg" padding={0}>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="xs" striped data-testid="trial-balance">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('tradeStaff.ledger.account')}</Table.Th>
                    <Table.Th>{t('tradeStaff.ledger.kind')}</Table.Th>
                    <Table.Th ta="right">{t('tradeStaff.ledger.debits')}</Table.Th>
                    <Table.Th ta="right">{t('tradeStaff.ledger.credits')}</Table.Th>
                    <Table.Th ta="right">{t('tradeStaff.ledger.balance')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tb.rows.map((r) => (
                    <Table.Tr key={r.account} data-testid="trial-balance-row" data-account={r.account}>
                      <Table.Td><AccountName code={r.account} name={r.name} /></Table.Td>
                      <Table.Td><AccountKindBadge kind={r.kind} /></Table.Td>
                      <Table.Td ta="right"><Text size="sm">{f.money(r.debits)}</Text></Table.Td>
                      <Table.Td ta="right"><Text size="sm">{f.money(r.credits)}</Text></Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={600}>{f.money(r.balance)}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={2}>{t('tradeStaff.ledger.grandTotal')}</Table.Th>
                    <Table.Th ta="right">{f.money(tb.total.debits)}</Table.Th>
                    <Table.Th ta="right">{f.money(tb.total.credits)}</Table.Th>
                    <Table.Th ta="right"><Text span fw={700} c={tb.balanced ? 'green.8' : 'red.7'}>{f.money(tb.total.net)}</Text></Table.Th>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <Text size="xs" c="dimmed">{t('tradeStaff.ledger.tbHint')}</Text>
        </>
      )}
    </Stack>
  );
}

function AccountsTab() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const [kind, setKind] = useState<AccountKind | 'all'>('all');
  const filter = kind === 'all' ? {} : { kind };
  const q = useQuery({ queryKey: keys.accounts(filter), queryFn: () => adminApi.accounts(filter) });
  return (
    <Stack gap="sm">
      <SegmentedControl value={kind} onChange={(v) => setKind(v as typeof kind)} w="fit-content" data-testid="accounts-kind"
        data={[{ value: 'all', label: t('common.all') }, ...KINDS.map((k) => ({ value: k, label: t(`tradeStaff.ledger.kinds.${k}`) }))]} />
      <TradeProblem error={q.error} />
      <Card withBorder radius="lg" padding={0}>
        {q.isPending ? <Loading /> : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" data-testid="accounts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.ledger.account')}</Table.Th>
                  <Table.Th>{t('tradeStaff.ledger.kind')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.ledger.debits')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.ledger.credits')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.ledger.balance')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(q.data?.items ?? []).map((a: LedgerAccount) => (
                  <Table.Tr key={a.code} data-testid="account-row" data-account={a.code}>
                    <Table.Td><AccountName code={a.code} name={a.name} /></Table.Td>
                    <Table.Td><AccountKindBadge kind={a.kind} /></Table.Td>
                    <Table.Td ta="right"><Text size="sm">{f.money(a.debits)}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="sm">{f.money(a.credits)}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="sm" fw={600} c={a.balance.amount < 0 ? 'red.7' : undefined}>{f.money(a.balance)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Text size="xs" c="dimmed">{t('tradeStaff.ledger.balanceHint')}</Text>
    </Stack>
  );
}

/** 总账: trial balance with the grand total (must be 0), the integrity check, and accounts with balances (PL-FIN-02, MS-FIN-02). */
export function LedgerPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'accounts' ? 'accounts' : 'trial';
  return (
    <Page title={t('tradeStaff.ledger.title')} description={t('tradeStaff.ledger.hint')}
      actions={<Button variant="default" leftSection={<IconListDetails size={16} />} component={Link} to="/admin/finance/entries">{t('tradeStaff.nav.entries')}</Button>}>
      <IntegrityCard />
      <Section title={t('tradeStaff.ledger.books')} padding="md">
        <Tabs value={tab} onChange={(v) => setParams(v === 'accounts' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="trial" leftSection={<IconScale size={16} />} data-testid="ledger-tab-trial">{t('tradeStaff.ledger.trialBalance')}</Tabs.Tab>
            <Tabs.Tab value="accounts" leftSection={<IconListDetails size={16} />} data-testid="ledger-tab-accounts">{t('tradeStaff.ledger.accounts')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="trial"><TrialBalanceTab /></Tabs.Panel>
          <Tabs.Panel value="accounts"><AccountsTab /></Tabs.Panel>
        </Tabs>
      </Section>
    </Page>
  );
}
