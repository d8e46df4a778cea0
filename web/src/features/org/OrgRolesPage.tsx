import { Button, Card } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Role } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RoleModal, RolesTable, type RoleInput } from '../../components/roles';

/** Roles available to own staff: the predefined ones of this organisation kind plus custom roles. */
export function OrgRolesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const manage = can(me.data, 'own_staff:manage');
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const roles = useQuery({ queryKey: ['org', 'roles'], queryFn: () => unwrap(api.GET('/api/org/roles')) });
  // An organisation may grant only what its kind's predefined roles hold.
  const grantable = [...new Set((roles.data?.items ?? []).filter((r) => r.predefined).flatMap((r) => r.permissions))];
  const save = useMutation({
    mutationFn: (r: RoleInput) => (editing && editing !== 'new'
      ? unwrap(api.PATCH('/api/org/roles/{id}', { params: { path: { id: editing.id } }, body: { name: r.name, nameZh: r.nameZh, permissions: r.permissions } }))
      : unwrap(api.POST('/api/org/roles', { body: r }))),
    onSuccess: () => {
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['org', 'roles'] });
      notifications.show({ color: 'green', message: t('common.saved') });
    },
  });
  return (
    <Page title={t('org.rolesTitle')} description={t('org.rolesHint')}
      actions={manage && <Button leftSection={<IconPlus size={16} />} onClick={() => { save.reset(); setEditing('new'); }}>{t('roles.new')}</Button>}>
      <ProblemAlert error={roles.error} />
      <Card withBorder radius="lg" padding={0}>
        {roles.isPending ? <Loading /> : <RolesTable roles={roles.data?.items ?? []} {...(manage ? { onEdit: (r: Role) => { save.reset(); setEditing(r); } } : {})} />}
      </Card>
      {editing && (
        <RoleModal key={editing === 'new' ? 'new' : editing.id} opened onClose={() => setEditing(null)} role={editing === 'new' ? null : editing}
          permissions={grantable} onSubmit={(r) => save.mutate(r)} pending={save.isPending} error={save.error} />
      )}
    </Page>
  );
}
