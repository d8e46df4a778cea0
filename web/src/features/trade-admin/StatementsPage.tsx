import { Alert, Anchor, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { DatePickerInput, MonthPickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconFileInvoice } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useTradeFmt } from '../trade-seller/format';
import { PeriodText, Section, StatementStatusBadge } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import { StatementFigures } from '../trade-seller/SettlementsPage';
import type { Statement, StatementStatus } from '../trade-seller/types';
import { adminApi, keys, useSellers } from './api';


const earlier = (a: dayjs.Dayjs, b: dayjs.Dayjs) => (a.isBefore(b) ? a : b);

/** Generate statements for a period: one per seller with ledger activity in it (or for one seller). */
function GenerateForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const sellers = useSellers();
  const [mode, setMode] = useState<'month' | 'range'>('month');
  const [month, setMonth] = useState<string | null>(dayjs().subtract(1, 'month').startOf('month').format('YYYY-MM-DD'));
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [sellerId, setSellerId] = useState<string | null>(null);
  const period = mode === 'month'
    // A month still running is settled so far: the API takes at most tomorrow as the (exclusive) end.
    ? (month ? { from: dayjs(month).startOf('month').format('YYYY-MM-DD'),
      to: earlier(dayjs(month).add(1, 'month').startOf('month'), dayjs().add(1, 'day').startOf('day')).format('YYYY-MM-DD') } : null)
    : (range[0] && range[1] ? { from: dayjs(range[0]).format('YYYY-MM-DD'), to: dayjs(range[1]).add(1, 'day').format('YYYY-MM-DD') } : null);
  const generate = useMutation({
    mutationFn: () => adminApi.generate({ ...period!, ...(sellerId ? { sellerId } : {}) }),
    onSuccess: (r) => {
      const n = Array.isArray(r) ? r.length : r.items.length;
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: n > 0 ? 'green' : 'yellow', message: n > 0 ? t('tradeStaff.statements.generated', { count: n }) : t('tradeStaff.statements.nothing') });
    },
  });
  const exists = generate.error instanceof ApiError && generate.error.status === 409 && typeof generate.error.body.statementId === 'string'
    ? generate.error.body.statementId : null;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{t('tradeStaff.statements.generateHint')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm" style={{ alignItems: 'end' }}>
        <Select label={t('tradeStaff.statements.periodKind')} value={mode} onChange={(v) => setMode(v === 'range' ? 'range' : 'month')} allowDeselect={false}
          data={[{ value: 'month', label: t('tradeStaff.statements.byMonth') }, { value: 'range', label: t('tradeStaff.statements.byRange') }]} comboboxProps={{ withinPortal: true }} />
        {mode === 'month'
          ? <MonthPickerInput label={t('tradeStaff.statements.period')} value={month} valueFormat={t('tradeStaff.common.monthFormat')} onChange={(v) => setMonth(v ? dayjs(v).format('YYYY-MM-DD') : null)}
            maxDate={dayjs().format('YYYY-MM-DD')} data-testid="generate-month" />
          : <DatePickerInput type="range" label={t('tradeStaff.statements.period')} value={range} allowSingleDateInRange valueFormat="YYYY-MM-DD"
            onChange={(v) => setRange([v[0] ? dayjs(v[0]).format('YYYY-MM-DD') : null, v[1] ? dayjs(v[1]).format('YYYY-MM-DD') : null])}
            maxDate={dayjs().format('YYYY-MM-DD')} data-testid="generate-range" />}
        <Select label={t('tradeStaff.fields.seller')} placeholder={t('tradeStaff.statements.allSellers')} clearable searchable value={sellerId} onChange={setSellerId}
          data={sellers.items.map((o) => ({ value: o.id, label: o.name }))} comboboxProps={{ withinPortal: true }} data-testid="generate-seller" />
        <Button leftSection={<IconFileInvoice size={16} />} disabled={!period} loading={generate.isPending} onClick={() => generate.mutate()} data-testid="generate-submit">
          {t('tradeStaff.statements.generate')}
        </Button>
      </SimpleGrid>
      <TradeProblem error={generate.error} onClose={() => generate.reset()} />
      {exists && <Anchor component={Link} to={`/admin/finance/statements/${exists}`} size="sm">{t('tradeStaff.statements.openExisting')}</Anchor>}
    </Stack>
  );
}

/** 结算单: generate per-seller statements for a period and follow them to payout (PL-FIN-03). */
export function StatementsPage() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const me = useMe();
  const navigate = useNavigate();
  const sellers = useSellers();
  const [params, setParams] = useSearchParams();
  const sellerId = params.get('sellerId');
  const status = params.get('status') as StatementStatus | null;
  const filter = { ...(sellerId ? { sellerId } : {}), ...(status ? { status } : {}) };
  const list = usePagedList(keys.statements(filter), (c) => adminApi.statements(filter, c));
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <Page title={t('tradeStaff.statements.title')} description={t('tradeStaff.statements.hint')}>
      {can(me.data, 'finance:manage')
        ? <Section title={t('tradeStaff.statements.generateTitle')}><GenerateForm /></Section>
        : <Alert color="gray" variant="light">{t('tradeStaff.statements.readOnly')}</Alert>}
      <Group gap="sm" wrap="wrap">
        <Select placeholder={t('tradeStaff.statements.allSellers')} clearable searchable value={sellerId} onChange={(v) => set('sellerId', v)} w={240}
          aria-label={t('tradeStaff.fields.seller')} data={sellers.items.map((o) => ({ value: o.id, label: o.name }))} comboboxProps={{ withinPortal: true }} />
        <Select placeholder={t('tradeStaff.adminOrders.allStatuses')} clearable value={status} onChange={(v) => set('status', v)} w={180}
          aria-label={t('tradeStaff.fields.status')} comboboxProps={{ withinPortal: true }}
          data={(['issued', 'paying', 'paid'] as const).map((s) => ({ value: s, label: t(`tradeStaff.statementStatus.${s}`) }))} />
      </Group>
      <TradeProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={980}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="statements-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.fields.seller')}</Table.Th>
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
                {list.items.map((s: Statement) => (
                  <Table.Tr key={s.id} data-testid="statement-row" data-id={s.id} data-status={s.status} style={{ cursor: 'pointer' }}
                    onClick={() => navigate(`/admin/finance/statements/${s.id}`)}>
                    <Table.Td>
                      <Anchor component={Link} to={`/admin/finance/statements/${s.id}`} size="sm" fw={500} translate="no" onClick={(e) => e.stopPropagation()}
                        style={{ whiteSpace: 'nowrap' }}>
                        {sellers.nameOf(s.sellerId)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <PeriodText s={s} />
                      <Text size="xs" c="dimmed">{t('tradeStaff.statements.ordersCount', { count: s.orders })}</Text>
                    </Table.Td>
                    <StatementFigures s={s} columns="row" />
                    <Table.Td ta="right"><Text size="sm" fw={700} data-testid="statement-net">{f.money(s.net)}</Text></Table.Td>
                    <Table.Td><StatementStatusBadge status={s.status} /></Table.Td>
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
