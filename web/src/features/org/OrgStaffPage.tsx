import { Button, Card } from '@mantine/core';
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
import { useAreaBase } from '../../lib/use-area';

/** Own organisation's staff sub-accounts: list and create. */
export function OrgStaffPage() {
  const { t } = useTranslation();
  const base = useAreaBase();
  const me = useMe();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const manage = can(me.data, 'own_staff:manage');
  const list = usePagedList(['org', 'staff'], (cursor) => unwrap(api.GET('/api/org/staff', { params: { query: { limit: PAGE_SIZE, cursor } } })));
  const roles = useQuery({ queryKey: ['org', 'roles'], queryFn: () => unwrap(api.GET('/api/org/roles')), enabled: manage });
  const create = useMutation({
    mutationFn: (body: NewStaff) => unwrap(api.POST('/api/org/staff', { body })),
    onSuccess: (a) => {
      setCreating(false);
      void qc.invalidateQueries({ queryKey: ['org', 'staff'] });
      notifications.show({ color: 'green', message: t('staff.created', { name: a.displayName }) });
    },
  });
  return (
    <Page title={t('org.staffTitle')} description={t('org.staffHint')}
      actions={manage && <Button leftSection={<IconPlus size={16} />} onClick={() => { create.reset(); setCreating(true); }}>{t('staff.new')}</Button>}>
      <ProblemAlert error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : <AccountsTable items={list.items} linkTo={(id) => `${base}/staff/${id}`} />}
        <LoadMore list={list} />
      </Card>
      {manage && (
        <NewStaffModal opened={creating} onClose={() => setCreating(false)} roles={roles.data?.items ?? []}
          onSubmit={(s) => create.mutate(s)} pending={create.isPending} error={create.error ?? roles.error} />
      )}
    </Page>
  );
}
