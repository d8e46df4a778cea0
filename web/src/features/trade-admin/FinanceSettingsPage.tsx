import { ActionIcon, Badge, Button, Grid, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { MonthPickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { fenToYuanText, parseYuan } from '../catalog/yuan';
import { ConfirmModal } from '../trade-seller/dialogs';
import { useTradeFmt } from '../trade-seller/format';
import { Section } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import type { CommissionRate } from '../trade-seller/types';
import { adminApi, keys, useSellers, useStaffNames } from './api';

/** Category names when the account may read the catalog (else the id is shown). */
function useCategoryNames() {
  const me = useMe();
  const q = useQuery({ queryKey: ['admin', 'catalog', 'categories'], enabled: can(me.data, 'catalog:read'), staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/admin/catalog/categories')) });
  const items = q.data?.items ?? [];
  const byId = new Map(items.map((c) => [c.id, c]));
  return { items, nameOf: (id: string) => byId.get(id)?.name ?? id, available: Boolean(q.data) };
}

/** Percent typed with up to 2 decimals ↔ basis points, exactly (5.5 % = 550 bp). */
const pctToBp = (v: number | string) => Math.round(Number(v) * 100);

type RateForm = { scope: 'category' | 'seller'; scopeId: string | null; pct: number | string };

function RateModal({ rate, opened, onClose }: { rate: CommissionRate | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const sellers = useSellers();
  const cats = useCategoryNames();
  const form = useForm<RateForm>({
    initialValues: { scope: rate?.scope === 'category' ? 'category' : 'seller', scopeId: rate?.scopeId || null, pct: rate ? rate.rateBp / 100 : 5 },
    validate: {
      scopeId: (v) => (rate || v ? null : t('tradeStaff.validation.required')),
      pct: (v) => (Number(v) >= 0 && Number(v) <= 100 ? null : t('tradeStaff.validation.pct')),
    },
  });
  const save = useMutation({
    mutationFn: (v: RateForm) => (rate ? adminApi.updateRate(rate.id, pctToBp(v.pct)) : adminApi.createRate({ scope: v.scope, scopeId: v.scopeId!, rateBp: pctToBp(v.pct) })),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.rates }); notifications.show({ color: 'green', message: t('common.saved') }); close(); },
  });
  const close = () => { form.reset(); save.reset(); onClose(); };
  const options = form.values.scope === 'seller' ? sellers.items.map((o) => ({ value: o.id, label: o.name }))
    : cats.items.map((c) => ({ value: c.id, label: c.name }));
  return (
    <Modal opened={opened} onClose={close} title={rate ? t('tradeStaff.finance.editRate') : t('tradeStaff.finance.newRate')} size="md" data-testid="rate-dialog">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="sm">
          <TradeProblem error={save.error} />
          {rate?.scope !== 'default' && (
            <>
              <Select label={t('tradeStaff.finance.scope')} disabled={Boolean(rate)} allowDeselect={false} comboboxProps={{ withinPortal: true }}
                data={(['seller', 'category'] as const).map((s) => ({ value: s, label: t(`tradeStaff.finance.scopes.${s}`) }))}
                {...form.getInputProps('scope')} onChange={(v) => { form.setFieldValue('scope', v as RateForm['scope']); form.setFieldValue('scopeId', null); }} />
              {options.length > 0 || rate
                ? <Select label={t(`tradeStaff.finance.scopes.${form.values.scope}`)} disabled={Boolean(rate)} searchable comboboxProps={{ withinPortal: true }}
                  data={options} data-testid="rate-scope-id" {...form.getInputProps('scopeId')} />
                : <TextInput label={t(`tradeStaff.finance.scopes.${form.values.scope}`)} className="shiji-mono" data-testid="rate-scope-id"
                  value={form.values.scopeId ?? ''} onChange={(e) => form.setFieldValue('scopeId', e.currentTarget.value.trim() || null)} error={form.errors.scopeId} />}
            </>
          )}
          <NumberInput label={t('tradeStaff.finance.rate')} min={0} max={100} decimalScale={2} suffix=" %" data-autofocus data-testid="rate-pct" {...form.getInputProps('pct')} />
          <Text size="xs" c="dimmed">{t('tradeStaff.finance.rateHint')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="rate-submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RatesSection() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const me = useMe();
  const manage = can(me.data, 'finance:manage');
  const sellers = useSellers();
  const cats = useCategoryNames();
  const [editing, setEditing] = useState<CommissionRate | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CommissionRate | null>(null);
  const q = useQuery({ queryKey: keys.rates, queryFn: adminApi.rates });
  const del = useMutation({
    mutationFn: (r: CommissionRate) => adminApi.deleteRate(r.id),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.rates }); notifications.show({ color: 'green', message: t('tradeStaff.finance.rateDeleted') }); setDeleting(null); },
  });
  const order = { default: 0, seller: 1, category: 2 } as const;
  const rates = [...(q.data?.items ?? [])].sort((a, b) => order[a.scope] - order[b.scope]);
  const scopeName = (r: CommissionRate) => (r.scope === 'default' ? t('tradeStaff.finance.scopes.default')
    : r.scope === 'seller' ? sellers.nameOf(r.scopeId) : cats.nameOf(r.scopeId));
  return (
    <Section title={t('tradeStaff.finance.rates')} padding={0} testid="commission-rates"
      actions={manage && <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')} data-testid="rate-new">{t('tradeStaff.finance.newRate')}</Button>}>
      <Text size="sm" c="dimmed" px="lg">{t('tradeStaff.finance.ratesHint')}</Text>
      <TradeProblem error={q.error} />
      {q.isPending ? <Loading /> : (
        <Table verticalSpacing="xs" data-testid="rates-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tradeStaff.finance.scope')}</Table.Th>
              <Table.Th ta="right">{t('tradeStaff.finance.rate')}</Table.Th>
              <Table.Th>{t('tradeStaff.fields.updatedAt')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rates.map((r) => (
              <Table.Tr key={r.id} data-testid="rate-row" data-scope={r.scope}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Badge size="sm" tt="none" variant="light" color={r.scope === 'default' ? 'gray' : r.scope === 'seller' ? 'brand' : 'teal'}>{t(`tradeStaff.finance.scopes.${r.scope}`)}</Badge>
                    {r.scope !== 'default' && <Text size="sm" translate="no">{scopeName(r)}</Text>}
                  </Group>
                </Table.Td>
                <Table.Td ta="right"><Text size="sm" fw={600}>{f.bp(r.rateBp)}</Text></Table.Td>
                <Table.Td><Text size="sm">{f.dateTime(r.updatedAt)}</Text></Table.Td>
                <Table.Td>
                  {manage && (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => setEditing(r)} data-testid="rate-edit"><IconEdit size={16} /></ActionIcon>
                      {r.scope !== 'default' && (
                        <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => setDeleting(r)} data-testid="rate-delete"><IconTrash size={16} /></ActionIcon>
                      )}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <RateModal key={editing === 'new' ? 'new' : editing.id} rate={editing === 'new' ? null : editing} opened onClose={() => setEditing(null)} />}
      <ConfirmModal opened={Boolean(deleting)} onClose={() => { del.reset(); setDeleting(null); }} testid="rate-delete" color="red"
        title={t('tradeStaff.finance.deleteRateTitle')} body={deleting ? t('tradeStaff.finance.deleteRateBody', { name: scopeName(deleting) }) : ''}
        confirmLabel={t('common.delete')} pending={del.isPending} error={del.error} onConfirm={() => deleting && del.mutate(deleting)} />
    </Section>
  );
}

function ThresholdSection() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const me = useMe();
  const staff = useStaffNames();
  const manage = can(me.data, 'finance:manage');
  const q = useQuery({ queryKey: keys.settings, queryFn: adminApi.settings });
  const [value, setValue] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (fen: number) => adminApi.saveSettings(fen),
    onSuccess: (s) => { qc.setQueryData(keys.settings, s); setValue(null); notifications.show({ color: 'green', message: t('common.saved') }); },
  });
  const text = value ?? (q.data ? fenToYuanText(q.data.payoutApprovalThreshold.amount) : '');
  const fen = parseYuan(text);
  return (
    <Section title={t('tradeStaff.finance.threshold')} testid="finance-threshold">
      <Text size="sm" c="dimmed">{t('tradeStaff.finance.thresholdHint')}</Text>
      <TradeProblem error={q.error ?? save.error} />
      {q.data && (
        <>
          <Group align="flex-end" gap="sm">
            <TextInput label={t('tradeStaff.finance.thresholdLabel')} leftSection="¥" inputMode="decimal" value={text} disabled={!manage} w={220}
              onChange={(e) => setValue(e.currentTarget.value)} error={value !== null && fen === null ? t('tradeStaff.validation.amount') : null} data-testid="threshold-input" />
            {manage && (
              <Button disabled={value === null || fen === null || fen === q.data.payoutApprovalThreshold.amount} loading={save.isPending}
                onClick={() => fen !== null && save.mutate(fen)} data-testid="threshold-save">{t('common.save')}</Button>
            )}
          </Group>
          <Text size="xs" c="dimmed">{t('tradeStaff.finance.updatedBy', { who: staff(q.data.updatedBy) ?? t('tradeStaff.actor.system'), time: f.dateTime(q.data.updatedAt) })}</Text>
        </>
      )}
    </Section>
  );
}

function PeriodsSection() {
  const { t, i18n } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const me = useMe();
  const staff = useStaffNames();
  const manage = can(me.data, 'finance:manage');
  const q = useQuery({ queryKey: keys.periods, queryFn: adminApi.periods });
  const [month, setMonth] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const close = useMutation({
    mutationFn: (m: string) => adminApi.closePeriod(m),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: keys.periods });
      notifications.show({ color: 'green', message: t('tradeStaff.finance.closed', { month: p.month }) });
      setConfirming(false); setMonth(null);
    },
  });
  const monthText = (m: string) => new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-US' : 'zh-CN', { year: 'numeric', month: 'long' }).format(new Date(`${m}-01T00:00:00`));
  const chosen = month ? dayjs(month).format('YYYY-MM') : null;
  return (
    <Section title={t('tradeStaff.finance.periods')} testid="finance-periods">
      <Text size="sm" c="dimmed">{t('tradeStaff.finance.periodsHint')}</Text>
      {manage && (
        <Group align="flex-end" gap="sm">
          <MonthPickerInput label={t('tradeStaff.finance.month')} placeholder={t('tradeStaff.finance.pickMonth')} valueFormat={t('tradeStaff.common.monthFormat')} value={month} onChange={(v) => setMonth(v ? dayjs(v).format('YYYY-MM-DD') : null)} w={200}
            maxDate={dayjs().subtract(1, 'month').endOf('month').format('YYYY-MM-DD')} data-testid="period-month" />
          <Button color="orange" leftSection={<IconLock size={16} />} disabled={!chosen} onClick={() => setConfirming(true)} data-testid="period-close">
            {t('tradeStaff.finance.closePeriod')}
          </Button>
        </Group>
      )}
      <TradeProblem error={q.error} />
      {(q.data?.items ?? []).length > 0 ? (
        <Stack gap={4} data-testid="periods-list">
          {q.data!.items.map((p) => (
            <Group key={p.month} gap="sm" wrap="nowrap">
              <Tooltip label={p.month}><Badge tt="none" variant="light" color="gray" leftSection={<IconLock size={12} />}>{monthText(p.month)}</Badge></Tooltip>
              <Text size="xs" c="dimmed">{t('tradeStaff.finance.closedBy', { who: staff(p.closedBy) ?? '—', time: f.dateTime(p.closedAt) })}</Text>
            </Group>
          ))}
        </Stack>
      ) : q.data && <Text size="sm" c="dimmed">{t('tradeStaff.finance.noneClosed')}</Text>}
      <ConfirmModal opened={confirming} onClose={() => { close.reset(); setConfirming(false); }} testid="period-close" color="orange"
        title={t('tradeStaff.finance.closeTitle', { month: chosen ? monthText(chosen) : '' })} body={t('tradeStaff.finance.closeBody')}
        confirmLabel={t('tradeStaff.finance.closePeriod')} pending={close.isPending} error={close.error} onConfirm={() => chosen && close.mutate(chosen)} />
    </Section>
  );
}

/** 佣金与设置: commission rates (default, per seller, per category), the payout second-approval threshold and closed periods. */
export function FinanceSettingsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('tradeStaff.finance.title')} description={t('tradeStaff.finance.hint')}>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}><RatesSection /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <ThresholdSection />
            <PeriodsSection />
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
