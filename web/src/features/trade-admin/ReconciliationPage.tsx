import { Alert, Badge, Button, Grid, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconAlarm, IconCheck, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { tData } from '../../lib/i18n-dynamic';
import { LoadMore, usePagedList } from '../../lib/paging';
import { ReasonModal } from '../trade-seller/dialogs';
import { useTradeFmt, type TradeFmt } from '../trade-seller/format';
import { Section } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import { adminApi, keys, useStaffNames } from './api';
import type { ReconciliationException, ReconciliationRun } from './types';

/** One side of an exception (our record or the provider's), as "¥12.00 · 成功": amount and status when the record has them. */
function RecordText({ rec, f }: { rec: Record<string, unknown> | null; f: TradeFmt }) {
  const { t } = useTranslation();
  if (!rec) return <Text size="sm" c="red.7">{t('tradeStaff.reconciliation.missing')}</Text>;
  const amount = typeof rec.amount === 'number' ? rec.amount : rec.amount && typeof rec.amount === 'object' ? (rec.amount as { amount: number }).amount : null;
  const status = typeof rec.status === 'string' ? rec.status : null;
  const ref = typeof rec.providerRef === 'string' ? rec.providerRef : null;
  return (
    <Stack gap={0}>
      <Text size="sm">{[amount !== null ? f.money(amount) : null, status ? tData(t, `tradeStaff.paymentStatus.${status}`, status) : null].filter(Boolean).join(' · ')}</Text>
      {ref && <Text size="xs" c="dimmed" className="shiji-mono" translate="no">{ref}</Text>}
    </Stack>
  );
}

function RunForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const providers = useQuery({ queryKey: keys.providers, queryFn: adminApi.providers });
  const [provider, setProvider] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(dayjs().subtract(1, 'day').format('YYYY-MM-DD'));
  const items = providers.data?.items ?? [];
  const code = provider ?? items[0]?.code ?? null;
  const run = useMutation({
    mutationFn: () => adminApi.reconcile({ providerCode: code!, date: dayjs(date).format('YYYY-MM-DD') }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: r.newExceptions > 0 ? 'orange' : 'green',
        message: t('tradeStaff.reconciliation.ran', { matched: r.matched, exceptions: r.exceptions, fresh: r.newExceptions }) });
    },
  });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{t('tradeStaff.reconciliation.runHint')}</Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select label={t('tradeStaff.fields.provider')} data={items.map((p) => ({ value: p.code, label: p.name }))} value={code} onChange={setProvider}
          allowDeselect={false} w={220} comboboxProps={{ withinPortal: true }} data-testid="reconcile-provider" />
        <DateInput label={t('tradeStaff.reconciliation.date')} value={date} onChange={(v) => setDate(v ? dayjs(v).format('YYYY-MM-DD') : null)}
          valueFormat="YYYY-MM-DD" maxDate={dayjs().subtract(1, 'day').format('YYYY-MM-DD')} w={180} data-testid="reconcile-date" />
        <Button leftSection={<IconPlayerPlay size={16} />} disabled={!code || !date} loading={run.isPending} onClick={() => run.mutate()} data-testid="reconcile-run">
          {t('tradeStaff.reconciliation.run')}
        </Button>
      </Group>
      <TradeProblem error={run.error} onClose={() => run.reset()} />
    </Stack>
  );
}

function RunsTable() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const list = usePagedList(keys.runs, (c) => adminApi.runs(c));
  return (
    <>
      <TradeProblem error={list.error} />
      {list.isPending ? <Loading /> : list.items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" data-testid="runs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tradeStaff.reconciliation.date')}</Table.Th>
                <Table.Th>{t('tradeStaff.fields.provider')}</Table.Th>
                <Table.Th ta="right">{t('tradeStaff.reconciliation.matched')}</Table.Th>
                <Table.Th ta="right">{t('tradeStaff.reconciliation.exceptions')}</Table.Th>
                <Table.Th ta="right">{t('tradeStaff.reconciliation.platformTotal')}</Table.Th>
                <Table.Th ta="right">{t('tradeStaff.reconciliation.providerTotal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((r: ReconciliationRun) => (
                <Table.Tr key={r.id} data-testid="run-row" data-exceptions={r.exceptions}>
                  <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.date(r.statementDate)}</Text><Text size="xs" c="dimmed">{f.dateTime(r.createdAt)}</Text></Table.Td>
                  <Table.Td><Text size="sm" translate="no">{r.provider.name}</Text></Table.Td>
                  <Table.Td ta="right">{f.count(r.matched)}</Table.Td>
                  <Table.Td ta="right">
                    {r.exceptions > 0 ? <Badge color="red" variant="light">{f.count(r.exceptions)}</Badge> : <Badge color="green" variant="light">0</Badge>}
                  </Table.Td>
                  <Table.Td ta="right"><Text size="sm">{f.money(r.platformTotal)}</Text></Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" c={r.platformTotal.amount !== r.providerTotal.amount ? 'red.7' : undefined}>{f.money(r.providerTotal)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore list={list} />
    </>
  );
}

function ExceptionsTable() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const me = useMe();
  const staff = useStaffNames();
  const manage = can(me.data, 'finance:manage');
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [resolving, setResolving] = useState<ReconciliationException | null>(null);
  const list = usePagedList(keys.exceptions({ status }), (c) => adminApi.exceptions({ status }, c));
  const resolve = useMutation({
    mutationFn: (v: { e: ReconciliationException; note: string }) => adminApi.resolveException(v.e.id, v.note),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('tradeStaff.reconciliation.resolved') });
      setResolving(null);
    },
  });
  return (
    <Stack gap="sm">
      <SegmentedControl value={status} onChange={(v) => setStatus(v as typeof status)} w="fit-content" data-testid="exceptions-status"
        data={[{ value: 'open', label: t('tradeStaff.reconciliation.open') }, { value: 'resolved', label: t('tradeStaff.reconciliation.resolvedTab') }]} />
      <TradeProblem error={list.error} />
      {list.isPending ? <Loading /> : list.items.length > 0 && (
        <Table.ScrollContainer minWidth={960}>
          <Table verticalSpacing="sm" data-testid="exceptions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tradeStaff.reconciliation.kind')}</Table.Th>
                <Table.Th>{t('tradeStaff.reconciliation.subject')}</Table.Th>
                <Table.Th>{t('tradeStaff.reconciliation.ours')}</Table.Th>
                <Table.Th>{t('tradeStaff.reconciliation.theirs')}</Table.Th>
                <Table.Th>{status === 'open' ? t('tradeStaff.reconciliation.due') : t('tradeStaff.reconciliation.resolution')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((e) => (
                <Table.Tr key={e.id} data-testid="exception-row" data-kind={e.kind} data-status={e.status} bg={e.overdue && e.status === 'open' ? 'var(--mantine-color-red-0)' : undefined}>
                  <Table.Td>
                    <Badge tt="none" color="red" variant="light">{t(`tradeStaff.reconciliation.kinds.${e.kind}`)}</Badge>
                    <Text size="xs" c="dimmed">{f.date(e.statementDate)} · <span translate="no">{e.provider.name}</span></Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{tData(t, `tradeStaff.risk.appliesTo.${e.subjectType}`, e.subjectType)}</Text>
                    <Text size="xs" className="shiji-mono" translate="no">{e.subjectRef}</Text>
                  </Table.Td>
                  <Table.Td><RecordText rec={e.platform} f={f} /></Table.Td>
                  <Table.Td><RecordText rec={e.providerRecord} f={f} /></Table.Td>
                  <Table.Td>
                    {e.status === 'open' ? (
                      <Group gap={4} wrap="nowrap">
                        {e.overdue && <IconAlarm size={14} color="var(--mantine-color-red-7)" />}
                        <Text size="sm" c={e.overdue ? 'red.7' : undefined} fw={e.overdue ? 600 : undefined} style={{ whiteSpace: 'nowrap' }}>{f.dateTime(e.dueAt)}</Text>
                      </Group>
                    ) : (
                      <Stack gap={0} maw={280}>
                        <Text size="sm" translate="no">{e.resolution}</Text>
                        <Text size="xs" c="dimmed">{t('tradeStaff.risk.decidedBy', { who: staff(e.resolvedBy) ?? '—', time: f.dateTime(e.resolvedAt) })}</Text>
                      </Stack>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {e.status === 'open' && manage && (
                      <Button size="xs" variant="light" leftSection={<IconCheck size={14} />} onClick={() => setResolving(e)} data-testid="exception-resolve">
                        {t('tradeStaff.reconciliation.resolve')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore list={list} />
      <ReasonModal opened={Boolean(resolving)} onClose={() => { resolve.reset(); setResolving(null); }} testid="exception-resolution"
        title={t('tradeStaff.reconciliation.resolveTitle')} body={resolving && t(`tradeStaff.reconciliation.kinds.${resolving.kind}`)}
        label={t('tradeStaff.reconciliation.resolution')} description={t('tradeStaff.reconciliation.resolutionHint')} required
        confirmLabel={t('tradeStaff.reconciliation.resolve')} pending={resolve.isPending} error={resolve.error}
        onSubmit={(note) => resolving && resolve.mutate({ e: resolving, note })} />
    </Stack>
  );
}

/** 对账: daily reconciliation against the provider's statement; mismatches become exceptions for finance with a due time (PL-PAY-07). */
export function ReconciliationPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Page title={t('tradeStaff.reconciliation.title')} description={t('tradeStaff.reconciliation.hint')}>
      {!can(me.data, 'finance:manage') && <Alert color="gray" variant="light">{t('tradeStaff.reconciliation.readOnly')}</Alert>}
      <Grid gap="lg">
        {can(me.data, 'finance:manage') && (
          <Grid.Col span={{ base: 12, lg: 5 }}><Section title={t('tradeStaff.reconciliation.runTitle')}><RunForm /></Section></Grid.Col>
        )}
        <Grid.Col span={{ base: 12, lg: can(me.data, 'finance:manage') ? 7 : 12 }}>
          <Section title={t('tradeStaff.reconciliation.runs')} padding={0}><RunsTable /></Section>
        </Grid.Col>
      </Grid>
      <Section title={t('tradeStaff.reconciliation.exceptionsTitle')}><ExceptionsTable /></Section>
    </Page>
  );
}
