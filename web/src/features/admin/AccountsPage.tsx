import { Button, Card, Group, SegmentedControl, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { AccountsTable, NewStaffModal, type NewStaff } from '../../components/accounts';
import { Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { LoadMore, usePagedList } from '../../lib/paging';

/** Every account (personal data masked), by kind and organisation; operators add staff to any organisation. */
export function AccountsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [kind, setKind] = useState<'all' | 'staff' | 'consumer'>('all');
  const [orgId, setOrgId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [newOrgId, setNewOrgId] = useState<string | null>(null);
  const orgs = useQuery({ queryKey: ['admin', 'organisations', 'picker'], enabled: can(me.data, 'org:read'),
    queryFn: () => unwrap(api.GET('/api/admin/organisations', { params: { query: { limit: '100' } } })) });
  const orgOptions = (orgs.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.name} · ${t(`orgKind.${o.kind}`)}` }));
  const newOrgKind = orgs.data?.items.find((o) => o.id === newOrgId)?.kind;
  const list = usePagedList(['admin', 'accounts', { kind, orgId }], (cursor) => unwrap(api.GET('/api/admin/accounts', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(kind !== 'all' ? { kind } : {}), ...(orgId ? { orgId } : {}) } },
  })));
  const roles = useQuery({ queryKey: ['admin', 'roles', newOrgKind], enabled: Boolean(newOrgKind),
    queryFn: () => unwrap(api.GET('/api/admin/roles', { params: { query: { orgKind: newOrgKind! } } })) });
  const create = useMutation({
    mutationFn: (s: NewStaff) => unwrap(api.POST('/api/admin/accounts', { body: { ...s, orgId: newOrgId ?? '' } })),
    onSuccess: (a) => {
      setCreating(false);
      void qc.invalidateQueries({ queryKey: ['admin', 'accounts'] });
      notifications.show({ color: 'green', message: t('staff.created', { name: a.displayName }) });
    },
  });
  return (
    <Page title={t('accounts.title')} description={t('accounts.hint')}
      actions={can(me.data, 'staff:manage') && (
        <Button leftSection={<IconPlus size={16} />} onClick={() => { create.reset(); setNewOrgId(orgId); setCreating(true); }}>{t('staff.new')}</Button>
      )}>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl value={kind} onChange={(v) => setKind(v as typeof kind)} aria-label={t('fields.kind')}
          data={[{ value: 'all', label: t('common.all') }, { value: 'staff', label: t('accountKind.staff') }, { value: 'consumer', label: t('accountKind.consumer') }]} />
        <Select placeholder={t('accounts.allOrgs')} aria-label={t('fields.organisation')} data={orgOptions} value={orgId} onChange={setOrgId}
          searchable clearable style={{ flex: '1 1 220px' }} maw={360} comboboxProps={{ withinPortal: true }} />
      </Group>
      <ProblemAlert error={list.error ?? orgs.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : <AccountsTable items={list.items} linkTo={(id) => `/admin/accounts/${id}`} showOrg />}
        <LoadMore list={list} />
      </Card>
      <NewStaffModal opened={creating} onClose={() => setCreating(false)} roles={roles.data?.items ?? []}
        onSubmit={(s) => create.mutate(s)} pending={create.isPending} error={create.error ?? roles.error}
        extra={<Select label={t('fields.organisation')} required data={orgOptions.filter((o) => o.value)} value={newOrgId} onChange={setNewOrgId}
          searchable comboboxProps={{ withinPortal: true }} error={create.isError && !newOrgId ? t('validation.required') : undefined} />} />
    </Page>
  );
}
