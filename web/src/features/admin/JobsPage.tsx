import { ActionIcon, Badge, Button, Card, Code, Group, Modal, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, PAGE_SIZE, unwrap, type Job, type JobStatus } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Field, Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../lib/format';
import { LoadMore, usePagedList } from '../../lib/paging';

const STATUS_COLOR: Record<JobStatus, string> = { queued: 'blue', running: 'violet', done: 'green', dead: 'red', cancelled: 'gray' };
const STATUSES: JobStatus[] = ['dead', 'queued', 'running', 'done', 'cancelled'];

type Action = { job: Job; kind: 'retry' | 'cancel' };

function ActionModal({ action, onClose }: { action: Action; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const run = useMutation({
    mutationFn: () => {
      const opts = { params: { path: { id: action.job.id } }, body: reason.trim() ? { reason: reason.trim() } : {} };
      return unwrap(action.kind === 'retry' ? api.POST('/api/admin/jobs/{id}/retry', opts) : api.POST('/api/admin/jobs/{id}/cancel', opts));
    },
    onSuccess: (j) => {
      void qc.invalidateQueries({ queryKey: ['admin', 'jobs'] });
      notifications.show({ color: 'green', message: action.kind === 'retry' ? t('jobs.retried', { name: j.name }) : t('jobs.cancelled', { name: j.name }) });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={action.kind === 'retry' ? t('jobs.retryTitle') : t('jobs.cancelTitle')}>
      <form onSubmit={(e) => { e.preventDefault(); run.mutate(); }}>
        <Stack gap="sm">
          <Text size="sm">{action.kind === 'retry' ? t('jobs.retryBody', { name: action.job.name }) : t('jobs.cancelBody', { name: action.job.name })}</Text>
          <ProblemAlert error={run.error} />
          <Textarea label={t('jobs.reason')} description={t('jobs.reasonHint')} maxLength={500} autosize minRows={2} value={reason}
            onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" color={action.kind === 'retry' ? undefined : 'red'} loading={run.isPending} data-testid="job-action-confirm">
              {action.kind === 'retry' ? t('jobs.retry') : t('jobs.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function JobDetails({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" p="sm">
      <Stack gap={6}>
        <Text size="xs" c="dimmed" fw={500}>{t('jobs.payload')}</Text>
        <Code block className="shiji-mono">{JSON.stringify(job.payload, null, 2)}</Code>
        {job.lastError && (
          <>
            <Text size="xs" c="dimmed" fw={500}>{t('jobs.lastError')}</Text>
            <Code block className="shiji-mono" c="red.9">{job.lastError}</Code>
          </>
        )}
      </Stack>
      <SimpleGrid cols={2} spacing="sm">
        <Field label={t('fields.id')}><span className="shiji-mono">{job.id}</span></Field>
        <Field label={t('jobs.singletonKey')}><span className="shiji-mono">{job.singletonKey ?? '—'}</span></Field>
        <Field label={t('jobs.lockedBy')}><span translate="no">{job.lockedBy ?? '—'}</span></Field>
        <Field label={t('jobs.lockedUntil')}>{formatDateTime(job.lockedUntil, i18n.language)}</Field>
        <Field label={t('fields.createdAt')}>{formatDateTime(job.createdAt, i18n.language)}</Field>
        <Field label={t('fields.updatedAt')}>{formatDateTime(job.updatedAt, i18n.language)}</Field>
        <Field label={t('jobs.finishedAt')}>{formatDateTime(job.finishedAt, i18n.language)}</Field>
      </SimpleGrid>
    </SimpleGrid>
  );
}

/** Background jobs and dead letters: inspect payload and last error, retry dead or cancelled jobs, cancel queued ones. */
export function JobsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const manage = can(me.data, 'jobs:manage');
  const [status, setStatus] = useState<JobStatus | 'all'>('dead');
  const [name, setName] = useState('');
  const [search] = useDebouncedValue(name.trim(), 300);
  const [open, setOpen] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const list = usePagedList(['admin', 'jobs', status, search], (cursor) => unwrap(api.GET('/api/admin/jobs', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(status !== 'all' ? { status } : {}), ...(search ? { name: search } : {}) } },
  })));
  return (
    <Page title={t('jobs.title')} description={t('jobs.hint')}
      actions={<Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => list.refetch()} loading={list.isRefetching}>{t('common.refresh')}</Button>}>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl value={status} onChange={(v) => { setOpen(null); setStatus(v as JobStatus | 'all'); }} aria-label={t('fields.status')}
          data={[...STATUSES.map((s) => ({ value: s, label: t(`jobs.status.${s}`) })), { value: 'all', label: t('common.all') }]} />
        <TextInput placeholder={t('jobs.nameFilter')} aria-label={t('jobs.nameFilter')} leftSection={<IconSearch size={16} />} value={name}
          onChange={(e) => setName(e.currentTarget.value)} style={{ flex: '1 1 200px' }} maw={320} />
      </Group>
      <ProblemAlert error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}><VisuallyHidden>{t('audit.details')}</VisuallyHidden></Table.Th>
                  <Table.Th>{t('jobs.name')}</Table.Th>
                  <Table.Th>{t('fields.status')}</Table.Th>
                  <Table.Th>{t('jobs.attempts')}</Table.Th>
                  <Table.Th>{t('jobs.runAt')}</Table.Th>
                  <Table.Th>{t('jobs.lastError')}</Table.Th>
                  {manage && <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((j) => (
                  <Fragment key={j.id}>
                    <Table.Tr data-testid="job-row" data-status={j.status}>
                      <Table.Td>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('audit.details')} aria-expanded={open === j.id} onClick={() => setOpen(open === j.id ? null : j.id)}>
                          {open === j.id ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td><Text size="sm" className="shiji-mono">{j.name}</Text></Table.Td>
                      <Table.Td><Badge color={STATUS_COLOR[j.status]} variant="light">{t(`jobs.status.${j.status}`)}</Badge></Table.Td>
                      <Table.Td><Text size="sm">{j.attempts} / {j.maxAttempts}</Text></Table.Td>
                      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(j.runAt, i18n.language)}</Text></Table.Td>
                      <Table.Td maw={320}><Text size="xs" c={j.lastError ? 'red.8' : 'dimmed'} lineClamp={2} title={j.lastError ?? undefined} translate="no">{j.lastError ?? '—'}</Text></Table.Td>
                      {manage && (
                        <Table.Td ta="right">
                          <Group gap={6} justify="flex-end" wrap="nowrap">
                            {(j.status === 'dead' || j.status === 'cancelled' || (j.status === 'queued' && j.attempts > 0)) && (
                              <Button size="compact-sm" variant="light" onClick={() => setAction({ job: j, kind: 'retry' })} data-testid="job-retry">{t('jobs.retry')}</Button>
                            )}
                            {j.status === 'queued' && (
                              <Button size="compact-sm" variant="subtle" color="red" onClick={() => setAction({ job: j, kind: 'cancel' })}>{t('jobs.cancel')}</Button>
                            )}
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                    {open === j.id && (
                      <Table.Tr>
                        <Table.Td colSpan={manage ? 7 : 6} bg="var(--mantine-color-gray-0)"><JobDetails job={j} /></Table.Td>
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
      {action && <ActionModal action={action} onClose={() => setAction(null)} />}
    </Page>
  );
}
