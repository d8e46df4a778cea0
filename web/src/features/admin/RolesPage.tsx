import { Button, Card, Group, SegmentedControl } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type OrgKind, type Role } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RoleModal, RolesTable, type RoleInput } from '../../components/roles';

/** Predefined roles of every organisation kind and custom operator roles. */
export function RolesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const manage = can(me.data, 'role:manage');
  const [kind, setKind] = useState<OrgKind | 'all'>('platform');
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const roles = useQuery({ queryKey: ['admin', 'roles', kind === 'all' ? undefined : kind],
    queryFn: () => unwrap(api.GET('/api/admin/roles', { params: { query: kind === 'all' ? {} : { orgKind: kind } } })) });
  const platformRoles = useQuery({ queryKey: ['admin', 'roles', 'platform'], enabled: manage,
    queryFn: () => unwrap(api.GET('/api/admin/roles', { params: { query: { orgKind: 'platform' } } })) });
  // A custom operator role may hold only what the predefined operator roles hold (the API checks the same).
  const operatorPermissions = [...new Set((platformRoles.data?.items ?? []).filter((r) => r.predefined).flatMap((r) => r.permissions))];
  const save = useMutation({
    mutationFn: (r: RoleInput) => (editing && editing !== 'new'
      ? unwrap(api.PATCH('/api/admin/roles/{id}', { params: { path: { id: editing.id } }, body: { name: r.name, nameZh: r.nameZh, permissions: r.permissions } }))
      : unwrap(api.POST('/api/admin/roles', { body: r }))),
    onSuccess: () => {
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['admin', 'roles'] });
      notifications.show({ color: 'green', message: t('common.saved') });
    },
  });
  return (
    <Page title={t('roles.title')} description={t('roles.hint')}
      actions={manage && <Button leftSection={<IconPlus size={16} />} onClick={() => { save.reset(); setEditing('new'); }}>{t('roles.newOperator')}</Button>}>
      <Group>
        <SegmentedControl value={kind} onChange={(v) => setKind(v as OrgKind | 'all')} aria-label={t('fields.orgKind')}
          data={[{ value: 'all', label: t('common.all') }, ...(['platform', 'seller', 'delivery', 'payment'] as const).map((k) => ({ value: k, label: t(`orgKind.${k}`) }))]} />
      </Group>
      <ProblemAlert error={roles.error ?? platformRoles.error} />
      <Card withBorder radius="lg" padding={0}>
        {roles.isPending ? <Loading /> : (
          <RolesTable roles={roles.data?.items ?? []} showKind={kind === 'all'}
            {...(manage ? { onEdit: (r: Role) => { save.reset(); setEditing(r); } } : {})} />
        )}
      </Card>
      {editing && (
        <RoleModal key={editing === 'new' ? 'new' : editing.id} opened onClose={() => setEditing(null)} role={editing === 'new' ? null : editing}
          permissions={operatorPermissions} onSubmit={(r) => save.mutate(r)} pending={save.isPending} error={save.error} />
      )}
    </Page>
  );
}
