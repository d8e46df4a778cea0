import { Anchor, Badge, Button, Card, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Switch, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconClipboardCheck, IconPlus, IconShieldCheck, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { tData } from '../../lib/i18n-dynamic';
import { LoadMore, usePagedList } from '../../lib/paging';
import { fenToYuanText, parseYuan } from '../catalog/yuan';
import { ReasonModal } from '../trade-seller/dialogs';
import { useTradeFmt } from '../trade-seller/format';
import { TradeProblem } from '../trade-seller/problem';
import { adminApi, keys, useStaffNames } from './api';
import type { RiskReview, RiskRule } from './types';

/** A rule in words: "退款金额超过 ¥5,000.00" / "同一账户 1 小时内第 4 笔起". */
function RuleText({ r }: { r: Pick<RiskRule, 'appliesTo' | 'kind' | 'threshold'> }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const subject = t(`tradeStaff.risk.appliesTo.${r.appliesTo}`);
  return <>{r.kind === 'amount_over'
    ? t('tradeStaff.risk.rule.amount_over', { subject, amount: f.money(r.threshold) })
    : t('tradeStaff.risk.rule.count_per_account_per_hour', { subject, count: r.threshold })}</>;
}

function ReviewsTab() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const me = useMe();
  const staff = useStaffNames();
  const decideAllowed = can(me.data, 'payment:review');
  const [status, setStatus] = useState<'open' | 'released' | 'rejected'>('open');
  const [deciding, setDeciding] = useState<{ r: RiskReview; decision: 'release' | 'reject' } | null>(null);
  const list = usePagedList(keys.riskReviews({ status }), (c) => adminApi.riskReviews({ status }, c));
  const rules = useQuery({ queryKey: keys.riskRules, queryFn: adminApi.riskRules });
  const ruleOf = (id: string) => rules.data?.items.find((r) => r.id === id);
  const decide = useMutation({
    mutationFn: (v: { r: RiskReview; decision: 'release' | 'reject'; note: string }) => adminApi.decideReview(v.r.id, v.decision, v.note),
    onSuccess: (_x, v) => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t(v.decision === 'release' ? 'tradeStaff.risk.released' : 'tradeStaff.risk.rejected') });
      setDeciding(null);
    },
  });
  return (
    <Stack gap="sm">
      <SegmentedControl value={status} onChange={(v) => setStatus(v as typeof status)} w="fit-content" data-testid="reviews-status"
        data={(['open', 'released', 'rejected'] as const).map((s) => ({ value: s, label: t(`tradeStaff.risk.reviewStatus.${s}`) }))} />
      <TradeProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" data-testid="reviews-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.fields.createdAt')}</Table.Th>
                  <Table.Th>{t('tradeStaff.risk.subject')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.fields.amount')}</Table.Th>
                  <Table.Th>{t('tradeStaff.risk.why')}</Table.Th>
                  <Table.Th>{status === 'open' ? t('tradeStaff.fields.actions') : t('tradeStaff.risk.decision')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((r) => (
                  <Table.Tr key={r.id} data-testid="review-row" data-status={r.status}>
                    <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(r.createdAt)}</Text></Table.Td>
                    <Table.Td>
                      <Badge tt="none" variant="light" color={r.subjectType === 'payment' ? 'blue' : 'orange'}>{t(`tradeStaff.risk.appliesTo.${r.subjectType}`)}</Badge>
                      <Text size="xs" c="dimmed" className="shiji-mono" translate="no">
                        {r.subjectType === 'refund'
                          ? <Anchor component={Link} to={`/admin/trade/orders/${r.reference}`} size="xs" inherit>{r.reference}</Anchor>
                          : r.reference}
                      </Text>
                      <Text size="xs" c="dimmed">{tData(t, `tradeStaff.${r.subjectType}Status.${r.subjectStatus}`, r.subjectStatus)}</Text>
                    </Table.Td>
                    <Table.Td ta="right"><Text size="sm" fw={600}>{f.money(r.amount)}</Text></Table.Td>
                    <Table.Td maw={300}>
                      {ruleOf(r.ruleId)
                        ? <Text size="sm" data-testid="review-rule"><RuleText r={ruleOf(r.ruleId)!} /></Text>
                        : <Text size="sm" lang="en">{r.reason}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {r.status === 'open' ? (decideAllowed && (
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" color="green" leftSection={<IconCheck size={14} />} onClick={() => setDeciding({ r, decision: 'release' })}
                            data-testid="review-release">{t('tradeStaff.risk.release')}</Button>
                          <Button size="xs" color="red" variant="default" leftSection={<IconX size={14} />} onClick={() => setDeciding({ r, decision: 'reject' })}
                            data-testid="review-reject">{t('tradeStaff.risk.reject')}</Button>
                        </Group>
                      )) : (
                        <Stack gap={0}>
                          <Text size="sm">{t('tradeStaff.risk.decidedBy', { who: staff(r.decidedBy) ?? '—', time: f.dateTime(r.decidedAt) })}</Text>
                          {r.note && <Text size="xs" c="dimmed" translate="no">{r.note}</Text>}
                        </Stack>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
      <ReasonModal opened={Boolean(deciding)} onClose={() => { decide.reset(); setDeciding(null); }} testid="review-decision"
        title={deciding ? t(deciding.decision === 'release' ? 'tradeStaff.risk.releaseTitle' : 'tradeStaff.risk.rejectTitle') : ''}
        body={deciding && t(deciding.decision === 'release' ? 'tradeStaff.risk.releaseBody' : 'tradeStaff.risk.rejectBody',
          { subject: t(`tradeStaff.risk.appliesTo.${deciding.r.subjectType}`), amount: f.money(deciding.r.amount) })}
        label={t('tradeStaff.fields.note')} required={deciding?.decision === 'reject'} color={deciding?.decision === 'reject' ? 'red' : 'green'}
        confirmLabel={deciding ? t(deciding.decision === 'release' ? 'tradeStaff.risk.release' : 'tradeStaff.risk.reject') : ''}
        pending={decide.isPending} error={decide.error} onSubmit={(note) => deciding && decide.mutate({ ...deciding, note })} />
    </Stack>
  );
}

type RuleForm = { appliesTo: 'payment' | 'refund'; kind: 'amount_over' | 'count_per_account_per_hour'; amount: string; count: number | string; active: boolean; note: string };

function RuleModal({ rule, opened, onClose }: { rule: RiskRule | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useForm<RuleForm>({
    initialValues: rule
      ? { appliesTo: rule.appliesTo, kind: rule.kind, amount: rule.kind === 'amount_over' ? fenToYuanText(rule.threshold) : '', count: rule.kind === 'amount_over' ? 3 : rule.threshold,
        active: rule.active, note: rule.note }
      : { appliesTo: 'payment', kind: 'amount_over', amount: '', count: 3, active: true, note: '' },
    validate: {
      amount: (v, all) => (all.kind === 'amount_over' && parseYuan(v) === null ? t('tradeStaff.validation.amount') : null),
      count: (v, all) => (all.kind !== 'amount_over' && !(Number(v) >= 1) ? t('tradeStaff.validation.count') : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: RuleForm) => {
      const threshold = v.kind === 'amount_over' ? parseYuan(v.amount)! : Number(v.count);
      return rule ? adminApi.updateRiskRule(rule.id, { threshold, active: v.active, note: v.note.trim() })
        : adminApi.createRiskRule({ appliesTo: v.appliesTo, kind: v.kind, threshold, active: v.active, note: v.note.trim() });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.riskRules });
      notifications.show({ color: 'green', message: t('common.saved') });
      close();
    },
  });
  const close = () => { form.reset(); save.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={rule ? t('tradeStaff.risk.editRule') : t('tradeStaff.risk.newRule')} size="md" data-testid="rule-dialog">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="sm">
          <TradeProblem error={save.error} />
          <Select label={t('tradeStaff.risk.appliesToLabel')} disabled={Boolean(rule)} allowDeselect={false} comboboxProps={{ withinPortal: true }}
            data={(['payment', 'refund'] as const).map((s) => ({ value: s, label: t(`tradeStaff.risk.appliesTo.${s}`) }))} {...form.getInputProps('appliesTo')} />
          <Select label={t('tradeStaff.risk.kind')} disabled={Boolean(rule)} allowDeselect={false} comboboxProps={{ withinPortal: true }}
            data={(['amount_over', 'count_per_account_per_hour'] as const).map((k) => ({ value: k, label: t(`tradeStaff.risk.kinds.${k}`) }))} {...form.getInputProps('kind')} />
          {form.values.kind === 'amount_over'
            ? <TextInput label={t('tradeStaff.risk.amountThreshold')} leftSection="¥" inputMode="decimal" required data-testid="rule-amount" {...form.getInputProps('amount')} />
            : <NumberInput label={t('tradeStaff.risk.countThreshold')} min={1} max={1000} allowDecimal={false} required data-testid="rule-count" {...form.getInputProps('count')} />}
          <TextInput label={t('tradeStaff.fields.note')} maxLength={500} {...form.getInputProps('note')} />
          <Switch label={t('tradeStaff.risk.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="rule-submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RulesTab() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const me = useMe();
  const manage = can(me.data, 'payment:manage');
  const [editing, setEditing] = useState<RiskRule | 'new' | null>(null);
  const q = useQuery({ queryKey: keys.riskRules, queryFn: adminApi.riskRules });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">{t('tradeStaff.risk.rulesHint')}</Text>
        {manage && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="rule-new">{t('tradeStaff.risk.newRule')}</Button>}
      </Group>
      <TradeProblem error={q.error} />
      <Card withBorder radius="lg" padding={0}>
        {q.isPending ? <Loading /> : (q.data?.items.length ?? 0) === 0 ? <Text size="sm" c="dimmed" p="lg" ta="center">{t('common.empty')}</Text> : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" data-testid="rules-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.risk.ruleLabel')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.note')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.updatedAt')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data!.items.map((r) => (
                  <Table.Tr key={r.id} data-testid="rule-row" data-active={r.active ? 'true' : 'false'}>
                    <Table.Td><Text size="sm" fw={500}><RuleText r={r} /></Text></Table.Td>
                    <Table.Td maw={280}><Text size="sm" c="dimmed" translate="no">{r.note || '—'}</Text></Table.Td>
                    <Table.Td><Badge tt="none" variant="dot" color={r.active ? 'green' : 'gray'}>{t(r.active ? 'tradeStaff.risk.on' : 'tradeStaff.risk.off')}</Badge></Table.Td>
                    <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(r.updatedAt)}</Text></Table.Td>
                    <Table.Td>{manage && <Button size="xs" variant="subtle" onClick={() => setEditing(r)} data-testid="rule-edit">{t('common.edit')}</Button>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {editing && <RuleModal key={editing === 'new' ? 'new' : editing.id} rule={editing === 'new' ? null : editing} opened onClose={() => setEditing(null)} />}
    </Stack>
  );
}

/** 风控: payments and refunds held by risk rules wait here for release or rejection; the rules themselves (PL-PAY-09). */
export function RiskPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'rules' ? 'rules' : 'reviews';
  return (
    <Page title={t('tradeStaff.risk.title')} description={t('tradeStaff.risk.hint')}>
      <Tabs value={tab} onChange={(v) => setParams(v === 'rules' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="reviews" leftSection={<IconClipboardCheck size={16} />} data-testid="risk-tab-reviews">{t('tradeStaff.risk.reviews')}</Tabs.Tab>
          <Tabs.Tab value="rules" leftSection={<IconShieldCheck size={16} />} data-testid="risk-tab-rules">{t('tradeStaff.risk.rules')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="reviews"><ReviewsTab /></Tabs.Panel>
        <Tabs.Panel value="rules"><RulesTab /></Tabs.Panel>
      </Tabs>
    </Page>
  );
}
