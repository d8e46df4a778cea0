import { Anchor, Card, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap, type Account } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { AccountEditCard, AccountFacts, AccountRolesCard } from '../../components/accounts';
import { Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAreaBase } from '../../lib/use-area';

/** One own staff account: facts, rename / disable, roles. Opening it is recorded in the audit trail. */
export function OrgStaffDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const base = useAreaBase();
  const me = useMe();
  const qc = useQueryClient();
  const manage = can(me.data, 'own_staff:manage');
  const key = ['org', 'staff', id];
  const account = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/api/org/staff/{id}', { params: { path: { id } } })) });
  const roles = useQuery({ queryKey: ['org', 'roles'], queryFn: () => unwrap(api.GET('/api/org/roles')), enabled: manage });
  const saved = (a: Account) => {
    qc.setQueryData(key, a);
    void qc.invalidateQueries({ queryKey: ['org', 'staff'], exact: true });
    notifications.show({ color: 'green', message: t('common.saved') });
  };
  const update = useMutation({
    mutationFn: (body: { displayName?: string; status?: 'active' | 'disabled' }) => unwrap(api.PATCH('/api/org/staff/{id}', { params: { path: { id } }, body })),
    onSuccess: saved,
  });
  const setRoles = useMutation({
    mutationFn: (roleIds: string[]) => unwrap(api.PUT('/api/org/staff/{id}/roles', { params: { path: { id } }, body: { roleIds } })),
    onSuccess: saved,
  });
  return (
    <Page title={account.data?.displayName ?? t('staff.detailTitle')}
      description={<Anchor component={Link} to={`${base}/staff`} size="sm">← {t('org.staffTitle')}</Anchor>}>
      <ProblemAlert error={account.error} />
      {account.isPending ? <Loading /> : account.data && (
        <Stack gap="lg">
          <Card withBorder radius="lg" padding="lg">
            <AccountFacts account={account.data} />
            <Text size="xs" c="dimmed" mt="md">{t('staff.viewAudited')}</Text>
          </Card>
          <AccountEditCard key={`edit-${account.data.displayName}`} account={account.data} canManage={manage}
            onSave={(b) => update.mutate(b)} pending={update.isPending} error={update.error} />
          <AccountRolesCard key={`roles-${account.data.roles.map((r) => r.id).join()}`} account={account.data} roles={roles.data?.items ?? []}
            canManage={manage} onSave={(ids) => setRoles.mutate(ids)} pending={setRoles.isPending} error={setRoles.error ?? roles.error} />
        </Stack>
      )}
    </Page>
  );
}
