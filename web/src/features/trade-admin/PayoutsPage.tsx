import { Alert, Anchor, Button, Card, Group, SegmentedControl, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconUsers, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { LoadMore, usePagedList } from '../../lib/paging';
import { ConfirmModal, ReasonModal } from '../trade-seller/dialogs';
import { useTradeFmt } from '../trade-seller/format';
import { PayoutStatusBadge } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import type { Payout, PayoutStatus } from '../trade-seller/types';
import { adminApi, keys, useSellers, useStaffNames } from './api';

const FILTERS = ['awaiting_approval', 'processing', 'failed', 'paid', 'rejected'] as const;

/**
 * 付款审批: payouts at or above the threshold wait for a second finance approver (MS-FIN-02). The
 * person who requested a payout cannot approve it; the page says so and the API refuses it too.
 */
export function PayoutsPage() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const me = useMe();
  const sellers = useSellers();
  const staff = useStaffNames();
  const manage = can(me.data, 'finance:manage');
  const [status, setStatus] = useState<PayoutStatus>('awaiting_approval');
  const [approving, setApproving] = useState<Payout | null>(null);
  const [rejecting, setRejecting] = useState<Payout | null>(null);
  const settings = useQuery({ queryKey: keys.settings, queryFn: adminApi.settings });
  const list = usePagedList(keys.payouts({ status }), (c) => adminApi.payouts({ status }, c));
  const done = (message: string) => { void qc.invalidateQueries({ queryKey: keys.all }); notifications.show({ color: 'green', message }); };
  const approve = useMutation({ mutationFn: (p: Payout) => adminApi.approvePayout(p.id), onSuccess: () => { done(t('tradeStaff.payouts.approved')); setApproving(null); } });
  const reject = useMutation({
    mutationFn: (v: { p: Payout; reason: string }) => adminApi.rejectPayout(v.p.id, v.reason),
    onSuccess: () => { done(t('tradeStaff.payouts.rejectedDone')); setRejecting(null); },
  });
  const mine = (p: Payout) => Boolean(me.data && p.requestedBy === me.data.id);
  return (
    <Page title={t('tradeStaff.payouts.pageTitle')} description={t('tradeStaff.payouts.hint')}>
      <Alert color="blue" variant="light" icon={<IconUsers size={18} />} title={t('tradeStaff.payouts.fourEyesTitle')} data-testid="four-eyes">
        {t('tradeStaff.payouts.fourEyes', { threshold: settings.data ? f.money(settings.data.payoutApprovalThreshold) : '…' })}
      </Alert>
      <SegmentedControl value={status} onChange={(v) => setStatus(v as PayoutStatus)} w="fit-content" data-testid="payouts-status"
        data={FILTERS.map((s) => ({ value: s, label: t(`tradeStaff.payoutStatus.${s}`) }))} />
      <TradeProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={940}>
            <Table verticalSpacing="sm" data-testid="payouts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.fields.seller')}</Table.Th>
                  <Table.Th ta="right">{t('tradeStaff.fields.amount')}</Table.Th>
                  <Table.Th>{t('tradeStaff.payouts.payee')}</Table.Th>
                  <Table.Th>{t('tradeStaff.payouts.people')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((p) => (
                  <Table.Tr key={p.id} data-testid="payout-row" data-id={p.id} data-status={p.status}>
                    <Table.Td>
                      <Text size="sm" fw={500} translate="no" style={{ whiteSpace: 'nowrap' }}>{sellers.nameOf(p.sellerId)}</Text>
                      <Anchor component={Link} to={`/admin/finance/statements/${p.statementId}`} size="xs" style={{ whiteSpace: 'nowrap' }}>{t('tradeStaff.payouts.statement')}</Anchor>
                    </Table.Td>
                    <Table.Td ta="right"><Text size="sm" fw={700}>{f.money(p.amount)}</Text></Table.Td>
                    <Table.Td><Text size="sm" className="shiji-mono" translate="no" style={{ whiteSpace: 'nowrap' }}>{p.payee}</Text></Table.Td>
                    <Table.Td>
                      <Text size="xs">{t('tradeStaff.payouts.requestedBy', { who: staff(p.requestedBy) ?? '—' })} · {f.dateTime(p.createdAt)}</Text>
                      {p.approvedBy && <Text size="xs">{t('tradeStaff.payouts.approvedBy', { who: staff(p.approvedBy), time: f.dateTime(p.approvedAt) })}</Text>}
                    </Table.Td>
                    <Table.Td>
                      <PayoutStatusBadge status={p.status} />
                      {p.failureReason && <Text size="xs" c={p.status === 'rejected' ? 'dimmed' : 'red.7'} translate="no">{p.failureReason}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {manage && p.status === 'awaiting_approval' && (
                        <Group gap="xs" wrap="nowrap">
                          <Tooltip label={t('tradeStaff.payouts.notYourOwn')} disabled={!mine(p)} multiline maw={260}>
                            <Button size="xs" color="green" leftSection={<IconCheck size={14} />} disabled={mine(p)} onClick={() => setApproving(p)}
                              data-testid="payout-approve">{t('tradeStaff.payouts.approve')}</Button>
                          </Tooltip>
                          <Button size="xs" variant="default" color="red" leftSection={<IconX size={14} />} onClick={() => setRejecting(p)}
                            data-testid="payout-reject">{t('tradeStaff.payouts.reject')}</Button>
                        </Group>
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
      <ConfirmModal opened={Boolean(approving)} onClose={() => { approve.reset(); setApproving(null); }} testid="payout-approve" color="green"
        title={t('tradeStaff.payouts.approveTitle')}
        body={approving && <Stack gap={4}>
          <Text size="sm">{t('tradeStaff.payouts.approveBody', { amount: f.money(approving.amount), seller: sellers.nameOf(approving.sellerId) })}</Text>
          <Text size="sm" c="dimmed">{t('tradeStaff.payouts.approveNote')}</Text>
        </Stack>}
        confirmLabel={t('tradeStaff.payouts.approve')} pending={approve.isPending} error={approve.error} onConfirm={() => approving && approve.mutate(approving)} />
      <ReasonModal opened={Boolean(rejecting)} onClose={() => { reject.reset(); setRejecting(null); }} testid="payout-rejection" color="red" required
        title={t('tradeStaff.payouts.rejectTitle')} label={t('tradeStaff.fields.reason')} confirmLabel={t('tradeStaff.payouts.reject')}
        pending={reject.isPending} error={reject.error} onSubmit={(reason) => rejecting && reject.mutate({ p: rejecting, reason })} />
    </Page>
  );
}
