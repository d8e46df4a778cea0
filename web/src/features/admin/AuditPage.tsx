import { ActionIcon, Alert, Anchor, Badge, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Tooltip, VisuallyHidden } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconChevronDown, IconChevronRight, IconFilter, IconShieldCheck, IconUser } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, PAGE_SIZE, unwrap, type AuditEntry } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../lib/format';
import { tData } from '../../lib/i18n-dynamic';
import { LoadMore, usePagedList } from '../../lib/paging';
import { zhCN } from '../../i18n/zh-CN';

type Filters = { actorId: string; action: string; resourceType: string; resourceId: string; from: string | null; to: string | null };
const EMPTY: Filters = { actorId: '', action: '', resourceType: '', resourceId: '', from: null, to: null };

const KNOWN_ACTIONS = Object.entries(zhCN.auditActions).flatMap(([group, actions]) => Object.keys(actions).map((a) => `${group}.${a}`));
const KNOWN_RESOURCES = Object.keys(zhCN.auditResources);

function VerifyChain() {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: () => unwrap(api.GET('/api/admin/audit/verify')) });
  const r = verify.data;
  return (
    <Stack gap="sm">
      <Group>
        <Button leftSection={<IconShieldCheck size={18} />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
      </Group>
      <ProblemAlert error={verify.error} />
      {r && (r.ok ? (
        <Alert color="green" title={t('audit.verifyOk')} data-testid="audit-verify-result" data-ok="true" withCloseButton onClose={() => verify.reset()} closeButtonLabel={t('common.close')}>
          <Text size="sm">{t('audit.verifyOkBody', { checked: r.checked, anchors: r.anchorsChecked })}</Text>
          {r.head && <Text size="xs" c="dimmed" mt={4}>{t('audit.head', { seq: r.head.seq })} <Code className="shiji-mono">{r.head.hash}</Code></Text>}
        </Alert>
      ) : (
        <Alert color="red" title={t('audit.verifyBroken')} data-testid="audit-verify-result" data-ok="false" withCloseButton onClose={() => verify.reset()} closeButtonLabel={t('common.close')}>
          <Text size="sm">{t('audit.verifyBrokenBody', { seq: r.firstBroken?.seq ?? '?', checked: r.checked })}</Text>
          {r.firstBroken && <Text size="sm" mt={4}>{t('audit.reason')}: {r.firstBroken.reason}{r.firstBroken.id ? ` (${r.firstBroken.id})` : ''}</Text>}
        </Alert>
      ))}
    </Stack>
  );
}

function EntryDetails({ e }: { e: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" p="sm">
      <Stack gap={4}>
        <Text size="xs" c="dimmed" fw={500}>{t('audit.changes')}</Text>
        {e.changes ? <Code block className="shiji-mono">{JSON.stringify(e.changes, null, 2)}</Code> : <Text size="sm">—</Text>}
      </Stack>
      <Stack gap={6}>
        <Text size="sm"><Text span c="dimmed" size="xs">{t('audit.entryId')}: </Text><span className="shiji-mono">{e.id}</span></Text>
        <Text size="sm"><Text span c="dimmed" size="xs">{t('audit.actorOrg')}: </Text><span className="shiji-mono">{e.actorOrgId ?? '—'}</span></Text>
        <Text size="sm"><Text span c="dimmed" size="xs">{t('audit.userAgent')}: </Text><span translate="no">{e.userAgent ?? '—'}</span></Text>
        <Text size="sm"><Text span c="dimmed" size="xs">{t('audit.requestId')}: </Text><span className="shiji-mono">{e.requestId ?? '—'}</span></Text>
        <Text size="sm"><Text span c="dimmed" size="xs">{t('audit.hash')}: </Text><span className="shiji-mono">{e.hash}</span></Text>
        <Text size="sm"><Text span c="dimmed" size="xs">{t('audit.prevHash')}: </Text><span className="shiji-mono">{e.prevHash}</span></Text>
      </Stack>
    </SimpleGrid>
  );
}

/** The audit trail: who did what, when and from where; filters by actor, action, resource and time; chain verification. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [open, setOpen] = useState<string | null>(null);
  const form = useForm<Filters>({ initialValues: EMPTY });
  // Names for actor ids: one page of accounts (masked list, not an audited read).
  const people = useQuery({ queryKey: ['admin', 'accounts', 'names'], enabled: can(me.data, 'staff:read'),
    queryFn: () => unwrap(api.GET('/api/admin/accounts', { params: { query: { limit: '100' } } })) });
  const names = new Map((people.data?.items ?? []).map((a) => [a.id, a.displayName]));
  const actorOptions = (people.data?.items ?? []).map((a) => ({ value: a.id, label: a.org ? `${a.displayName} · ${a.org.name}` : a.displayName }));
  if (me.data && !names.has(me.data.id)) actorOptions.unshift({ value: me.data.id, label: me.data.displayName });
  if (form.values.actorId && !actorOptions.some((o) => o.value === form.values.actorId)) actorOptions.push({ value: form.values.actorId, label: form.values.actorId });
  const query = {
    ...(filters.actorId.trim() ? { actorId: filters.actorId.trim() } : {}),
    ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
    ...(filters.resourceType.trim() ? { resourceType: filters.resourceType.trim() } : {}),
    ...(filters.resourceId.trim() ? { resourceId: filters.resourceId.trim() } : {}),
    ...(filters.from ? { from: dayjs(filters.from).toISOString() } : {}),
    ...(filters.to ? { to: dayjs(filters.to).toISOString() } : {}),
  };
  const list = usePagedList(['admin', 'audit', query], (cursor) => unwrap(api.GET('/api/admin/audit', { params: { query: { ...query, limit: PAGE_SIZE, cursor } } })));
  const apply = (f: Filters) => { setOpen(null); setFilters(f); };
  const actorLabel = (id: string | null) => {
    if (!id) return t('audit.system');
    if (id === me.data?.id) return t('audit.you', { name: me.data.displayName });
    return names.get(id) ?? id;
  };
  const filterBy = (patch: Partial<Filters>) => { const f = { ...form.values, ...patch }; form.setValues(f); apply(f); };
  return (
    <Page title={t('audit.title')} description={t('audit.hint')}>
      {can(me.data, 'audit:verify') && <VerifyChain />}
      <Card withBorder radius="lg" padding="md">
        <form onSubmit={form.onSubmit(apply)} aria-label={t('audit.filters')}>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            <Group gap={4} align="flex-end" wrap="nowrap">
              <Select label={t('audit.actor')} placeholder={t('common.all')} searchable clearable style={{ flex: 1 }} comboboxProps={{ withinPortal: true }}
                data={actorOptions} value={form.values.actorId || null} onChange={(v) => form.setFieldValue('actorId', v ?? '')} data-testid="audit-actor" />
              {me.data && (
                <Tooltip label={t('audit.onlyMine')}>
                  <ActionIcon variant="default" size="input-sm" aria-label={t('audit.onlyMine')} onClick={() => form.setFieldValue('actorId', me.data!.id)}>
                    <IconUser size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
            <Select label={t('audit.action')} placeholder={t('common.all')} searchable clearable comboboxProps={{ withinPortal: true }}
              data={KNOWN_ACTIONS.map((a) => ({ value: a, label: tData(t, `auditActions.${a}`, a) }))} value={form.values.action || null}
              onChange={(v) => form.setFieldValue('action', v ?? '')} data-testid="audit-action" />
            <Select label={t('audit.resourceType')} placeholder={t('common.all')} searchable clearable comboboxProps={{ withinPortal: true }}
              data={KNOWN_RESOURCES.map((r) => ({ value: r, label: tData(t, `auditResources.${r}`, r) }))} value={form.values.resourceType || null}
              onChange={(v) => form.setFieldValue('resourceType', v ?? '')} data-testid="audit-resource-type" />
            <TextInput label={t('audit.resourceId')} {...form.getInputProps('resourceId')} />
            <DateTimePicker label={t('audit.from')} clearable valueFormat="YYYY-MM-DD HH:mm" {...form.getInputProps('from')} popoverProps={{ withinPortal: true }} />
            <DateTimePicker label={t('audit.to')} clearable valueFormat="YYYY-MM-DD HH:mm" {...form.getInputProps('to')} popoverProps={{ withinPortal: true }} />
          </SimpleGrid>
          <Group mt="md" gap="sm">
            <Button type="submit" leftSection={<IconFilter size={16} />} data-testid="audit-apply">{t('audit.apply')}</Button>
            <Button variant="default" onClick={() => { form.setValues(EMPTY); apply(EMPTY); }}>{t('audit.reset')}</Button>
          </Group>
        </form>
      </Card>
      <ProblemAlert error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={880}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}><VisuallyHidden>{t('audit.details')}</VisuallyHidden></Table.Th>
                  <Table.Th>{t('audit.seq')}</Table.Th>
                  <Table.Th>{t('audit.time')}</Table.Th>
                  <Table.Th>{t('audit.actor')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.resource')}</Table.Th>
                  <Table.Th>{t('audit.ip')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((e) => (
                  <Fragment key={e.id}>
                    <Table.Tr data-testid="audit-row" data-action={e.action}>
                      <Table.Td>
                        <ActionIcon variant="subtle" color="gray" onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}
                          aria-label={t('audit.details')}>
                          {open === e.id ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td><Text size="sm" c="dimmed">#{e.seq}</Text></Table.Td>
                      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurredAt, i18n.language)}</Text></Table.Td>
                      <Table.Td>
                        {e.actorId
                          ? <Anchor component="button" type="button" size="sm" onClick={() => filterBy({ actorId: e.actorId! })}>{actorLabel(e.actorId)}</Anchor>
                          : <Text size="sm" c="dimmed">{actorLabel(null)}</Text>}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{tData(t, `auditActions.${e.action}`, e.action)}</Text>
                        <Text size="xs" c="dimmed" className="shiji-mono">{e.action}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Badge variant="light" color="gray" tt="none">{tData(t, `auditResources.${e.resourceType}`, e.resourceType)}</Badge>
                          {e.resourceId && (e.resourceType === 'organisation'
                            ? <Anchor component={Link} to={`/admin/organisations/${e.resourceId}`} size="xs" className="shiji-mono">{e.resourceId}</Anchor>
                            : e.resourceType === 'account'
                              ? <Anchor component={Link} to={`/admin/accounts/${e.resourceId}`} size="xs" className="shiji-mono">{e.resourceId}</Anchor>
                              : <Text size="xs" className="shiji-mono">{e.resourceId}</Text>)}
                        </Group>
                      </Table.Td>
                      <Table.Td><Text size="sm">{e.ip ?? '—'}</Text></Table.Td>
                    </Table.Tr>
                    {open === e.id && (
                      <Table.Tr>
                        <Table.Td colSpan={7} bg="var(--mantine-color-gray-0)">
                          <EntryDetails e={e} />
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
    </Page>
  );
}
