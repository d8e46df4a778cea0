import { Alert, Anchor, Button, Card, Grid, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCash, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { periodLastDay, useTradeFmt } from '../trade-seller/format';
import { Fact, PayoutStatusBadge, PeriodText, Section, StatementStatusBadge } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import { StatementFigures } from '../trade-seller/SettlementsPage';
import type { Statement } from '../trade-seller/types';
import { adminApi, keys, useSellers, useStaffNames } from './api';

/** Payee as masked account text ("6222 **** **** 1234"): never a full account number, so no run of 8 or more digits (PL-PAY-08). */
const maskedOk = (v: string) => v.trim().length >= 4 && !/\d{8,}/.test(v.replace(/[\s-]/g, ''));

function PayoutModal({ s, opened, onClose }: { s: Statement; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: keys.settings, queryFn: adminApi.settings, enabled: opened });
  const form = useForm({
    initialValues: { payee: '' },
    validate: { payee: (v) => (maskedOk(v) ? null : t('tradeStaff.payouts.payeeFormat')) },
  });
  const pay = useMutation({
    mutationFn: (payee: string) => adminApi.requestPayout(s.id, payee),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: p.status === 'awaiting_approval' ? t('tradeStaff.payouts.awaiting') : t('tradeStaff.payouts.started') });
      close();
    },
  });
  const close = () => { form.reset(); pay.reset(); onClose(); };
  const threshold = settings.data?.payoutApprovalThreshold;
  const needsSecond = threshold ? s.net.amount >= threshold.amount : null;
  return (
    <Modal opened={opened} onClose={close} title={t('tradeStaff.payouts.requestTitle')} size="md" data-testid="payout-dialog">
      <form noValidate onSubmit={form.onSubmit((v) => pay.mutate(v.payee.trim()))}>
        <Stack gap="sm">
          <TradeProblem error={pay.error} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{t('tradeStaff.payouts.amount')}</Text>
            <Text fw={700} size="lg">{f.money(s.net)}</Text>
          </Group>
          {needsSecond !== null && (
            <Alert color={needsSecond ? 'yellow' : 'blue'} variant="light" icon={<IconInfoCircle size={18} />} data-testid="payout-approval-note">
              {needsSecond ? t('tradeStaff.payouts.needsSecond', { threshold: f.money(threshold) }) : t('tradeStaff.payouts.direct', { threshold: f.money(threshold) })}
            </Alert>
          )}
          <TextInput label={t('tradeStaff.payouts.payee')} description={t('tradeStaff.payouts.payeeHint')} placeholder="6222 **** **** 1234" required maxLength={40}
            className="shiji-mono" data-autofocus data-testid="payout-payee" {...form.getInputProps('payee')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pay.isPending} leftSection={<IconCash size={16} />} data-testid="payout-submit">{t('tradeStaff.payouts.request')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** One settlement statement: its figures, the seller's ledger for the period, its payouts and the payout request (PL-FIN-03, MS-FIN-02). */
export function StatementDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useTradeFmt();
  const me = useMe();
  const staff = useStaffNames();
  const [paying, setPaying] = useState(false);
  const sellers = useSellers();
  const q = useQuery({ queryKey: keys.statement(id), queryFn: () => adminApi.statement(id) });
  if (q.isPending) return <Loading />;
  if (!q.data) return <Page title={t('tradeStaff.statements.one')}><TradeProblem error={q.error} /></Page>;
  const s = q.data;
  const payouts = s.payouts ?? [];
  const active = payouts.some((p) => p.status === 'awaiting_approval' || p.status === 'processing' || p.status === 'paid');
  const canPay = can(me.data, 'finance:manage') && s.net.amount > 0 && !active;
  return (
    <Page title={<Group gap="sm" component="span"><span>{t('tradeStaff.statements.one')}</span><Text span inherit translate="no">{sellers.nameOf(s.sellerId)}</Text></Group>}
      description={<PeriodText s={s} />}
      actions={
        <>
          <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} component={Link} to="/admin/finance/statements">{t('tradeStaff.statements.back')}</Button>
          {can(me.data, 'finance:manage') && (
            <Button leftSection={<IconCash size={16} />} disabled={!canPay} onClick={() => setPaying(true)} data-testid="statement-payout">{t('tradeStaff.payouts.request')}</Button>
          )}
        </>
      }>
      <Group gap="sm"><StatementStatusBadge status={s.status} /></Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Section title={t('tradeStaff.statements.figures')} testid="statement-figures">
            <StatementFigures s={s} columns="list" />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Section title={t('tradeStaff.statements.facts')}>
            <SimpleGrid cols={2} spacing="sm">
              <Fact label={t('tradeStaff.fields.seller')}><span translate="no">{sellers.nameOf(s.sellerId)}</span></Fact>
              <Fact label={t('tradeStaff.statements.orders')}>{f.count(s.orders)}</Fact>
              <Fact label={t('tradeStaff.fields.createdAt')}>{f.dateTime(s.createdAt)}</Fact>
              <Fact label={t('tradeStaff.ledger.title')}>
                <Anchor component={Link} size="sm"
                  to={`/admin/finance/entries?sellerId=${encodeURIComponent(s.sellerId)}&from=${s.periodFrom}&to=${periodLastDay(s.periodTo)}`}>
                  {t('tradeStaff.statements.ledgerLink')}
                </Anchor>
              </Fact>
            </SimpleGrid>
            {s.net.amount <= 0 && <Alert color="gray" variant="light" mt="sm">{t('tradeStaff.statements.nothingToPay')}</Alert>}
          </Section>
        </Grid.Col>
      </Grid>
      <Section title={t('tradeStaff.payouts.title')} padding={0}>
        {payouts.length === 0 ? <Text size="sm" c="dimmed" px="lg" pb="md">{t('tradeStaff.payouts.none')}</Text> : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" data-testid="statement-payouts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.fields.createdAt')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.fields.amount')}</Table.Th>
                  <Table.Th>{t('tradeStaff.payouts.payee')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
                  <Table.Th>{t('tradeStaff.payouts.people')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {payouts.map((p) => (
                  <Table.Tr key={p.id} data-testid="payout-row" data-status={p.status}>
                    <Table.Td><Text size="sm">{f.dateTime(p.createdAt)}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="sm" fw={600}>{f.money(p.amount)}</Text></Table.Td>
                    <Table.Td><Text size="sm" className="shiji-mono" translate="no" style={{ whiteSpace: 'nowrap' }}>{p.payee}</Text></Table.Td>
                    <Table.Td>
                      <PayoutStatusBadge status={p.status} />
                      {p.failureReason && <Text size="xs" c={p.status === 'rejected' ? 'dimmed' : 'red.7'} translate="no">{p.failureReason}</Text>}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{t('tradeStaff.payouts.requestedBy', { who: staff(p.requestedBy) ?? '—' })}</Text>
                      {p.approvedBy && <Text size="xs">{t('tradeStaff.payouts.approvedBy', { who: staff(p.approvedBy), time: f.dateTime(p.approvedAt) })}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
      <Card withBorder radius="lg" padding="md">
        <Text size="xs" c="dimmed">{t('tradeStaff.statements.immutable')}</Text>
      </Card>
      <PayoutModal s={s} opened={paying} onClose={() => setPaying(false)} />
    </Page>
  );
}
