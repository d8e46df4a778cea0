import { Anchor, Badge, Button, Card, Checkbox, Group, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconMessageReply } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { tData } from '../../lib/i18n-dynamic';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useTradeFmt } from '../trade-seller/format';
import { TradeProblem } from '../trade-seller/problem';
import { adminApi, keys, useStaffNames } from './api';
import type { Enquiry, EnquiryStatus } from './types';

const STATUS_COLOR: Record<EnquiryStatus, string> = { open: 'orange', answered: 'blue', resolved: 'green' };

function ReplyModal({ e, onClose }: { e: Enquiry | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useForm({
    initialValues: { reply: '', resolve: false },
    validate: { reply: (v) => (v.trim().length >= 2 ? null : t('tradeStaff.validation.reasonShort')) },
  });
  const reply = useMutation({
    mutationFn: (v: { reply: string; resolve: boolean }) => adminApi.reply(e!.id, { reply: v.reply.trim(), ...(v.resolve ? { resolve: true } : {}) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('tradeStaff.enquiries.replied') });
      close();
    },
  });
  const close = () => { form.reset(); reply.reset(); onClose(); };
  return (
    <Modal opened={Boolean(e)} onClose={close} title={t('tradeStaff.enquiries.replyTitle')} size="lg" data-testid="enquiry-reply-dialog">
      <form noValidate onSubmit={form.onSubmit((v) => reply.mutate(v))}>
        <Stack gap="sm">
          <TradeProblem error={reply.error} />
          {e && <Card withBorder radius="md" padding="sm" bg="var(--mantine-color-gray-0)"><Text size="sm" translate="no">{e.message}</Text></Card>}
          <Textarea label={t('tradeStaff.enquiries.reply')} required autosize minRows={4} maxLength={2000} data-autofocus data-testid="enquiry-reply-text"
            {...form.getInputProps('reply')} />
          <Checkbox label={t('tradeStaff.enquiries.alsoResolve')} {...form.getInputProps('resolve', { type: 'checkbox' })} data-testid="enquiry-reply-resolve" />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={reply.isPending} data-testid="enquiry-reply-submit">{t('tradeStaff.enquiries.send')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** 支付咨询: consumers' and sellers' enquiries about failed or held payments, refunds and transfers, answered until resolved (PL-PAY-06). */
export function EnquiriesPage() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const me = useMe();
  const staff = useStaffNames();
  const answer = can(me.data, 'refund:manage') || can(me.data, 'finance:manage');
  const [status, setStatus] = useState<EnquiryStatus | 'all'>('open');
  const [replying, setReplying] = useState<Enquiry | null>(null);
  const filter = status === 'all' ? {} : { status };
  const list = usePagedList(keys.enquiries(filter), (c) => adminApi.enquiries(filter, c));
  const resolve = useMutation({
    mutationFn: (e: Enquiry) => adminApi.resolveEnquiry(e.id),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.all }); notifications.show({ color: 'green', message: t('tradeStaff.enquiries.resolvedDone') }); },
  });
  return (
    <Page title={t('tradeStaff.enquiries.title')} description={t('tradeStaff.enquiries.hint')}>
      <SegmentedControl value={status} onChange={(v) => setStatus(v as typeof status)} w="fit-content" data-testid="enquiries-status"
        data={(['open', 'answered', 'resolved', 'all'] as const).map((s) => ({ value: s, label: t(`tradeStaff.enquiries.status.${s}`) }))} />
      <TradeProblem error={list.error ?? resolve.error} />
      <Stack gap="sm" data-testid="enquiries-list">
        {list.isPending ? <Loading /> : list.items.map((e) => (
          <Card key={e.id} withBorder radius="lg" padding="md" data-testid="enquiry-row" data-status={e.status}>
            <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
              <Stack gap={6} style={{ flex: '1 1 420px', minWidth: 0 }}>
                <Group gap="xs" wrap="wrap">
                  <Badge tt="none" variant="light" color={STATUS_COLOR[e.status]}>{t(`tradeStaff.enquiries.status.${e.status}`)}</Badge>
                  <Text size="sm" fw={500}>{t(`tradeStaff.risk.appliesTo.${e.subjectType}`)}</Text>
                  {e.amount && <Text size="sm">{f.money(e.amount)}</Text>}
                  <Badge tt="none" variant="outline" color="gray">{tData(t, `tradeStaff.${e.subjectType}Status.${e.subjectStatus}`, e.subjectStatus)}</Badge>
                  <Text size="xs" c="dimmed">{f.dateTime(e.createdAt)}</Text>
                </Group>
                {e.failureReason && <Text size="xs" c="red.7">{t('tradeStaff.enquiries.failure')}<span translate="no">{e.failureReason}</span></Text>}
                <Text size="sm" translate="no" style={{ whiteSpace: 'pre-wrap' }}>{e.message}</Text>
                <Group gap="md">
                  <Text size="xs" c="dimmed" className="shiji-mono" translate="no">{e.subjectId}</Text>
                  {e.orderId && <Anchor component={Link} to={`/admin/trade/orders/${e.orderId}`} size="xs">{t('tradeStaff.enquiries.openOrder')}</Anchor>}
                </Group>
                {e.reply && (
                  <Card radius="md" padding="sm" bg="var(--mantine-color-blue-0)">
                    <Text size="xs" c="dimmed">{t('tradeStaff.enquiries.repliedBy', { who: staff(e.repliedBy) ?? '—', time: f.dateTime(e.repliedAt) })}</Text>
                    <Text size="sm" translate="no" style={{ whiteSpace: 'pre-wrap' }}>{e.reply}</Text>
                  </Card>
                )}
              </Stack>
              {answer && e.status !== 'resolved' && (
                <Group gap="xs">
                  <Button size="xs" variant="light" leftSection={<IconMessageReply size={14} />} onClick={() => setReplying(e)} data-testid="enquiry-reply">
                    {t('tradeStaff.enquiries.replyButton')}
                  </Button>
                  <Button size="xs" variant="default" leftSection={<IconCheck size={14} />} loading={resolve.isPending && resolve.variables?.id === e.id}
                    onClick={() => resolve.mutate(e)} data-testid="enquiry-resolve">{t('tradeStaff.enquiries.resolve')}</Button>
                </Group>
              )}
            </Group>
          </Card>
        ))}
        <LoadMore list={list} />
      </Stack>
      <ReplyModal e={replying} onClose={() => setReplying(null)} />
    </Page>
  );
}
