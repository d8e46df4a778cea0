import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap, type Account } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { AccountEditCard, AccountFacts, AccountRolesCard } from '../../components/accounts';
import { Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { describeUserAgent, formatDateTime } from '../../lib/format';

function SessionsCard({ accountId, canManage }: { accountId: string; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const key = ['admin', 'account-sessions', accountId];
  const sessions = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/api/admin/accounts/{id}/sessions', { params: { path: { id: accountId } } })) });
  const done = (msg: string) => { void qc.invalidateQueries({ queryKey: key }); notifications.show({ color: 'green', message: msg }); };
  const revokeOne = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/admin/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => done(t('account.sessions.revoked')),
  });
  const revokeAll = useMutation({
    mutationFn: () => unwrap(api.POST('/api/admin/accounts/{id}/sessions/revoke', { params: { path: { id: accountId } } })),
    onSuccess: (r) => done(t('accounts.revokedAll', { count: r.revoked })),
  });
  const items = sessions.data?.items ?? [];
  return (
    <Card withBorder radius="lg" padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">{t('account.sessions.title')}</Title>
          {canManage && items.length > 0 && (
            <Button size="xs" color="red" variant="light" loading={revokeAll.isPending} onClick={() => revokeAll.mutate()}>{t('accounts.revokeAll')}</Button>
          )}
        </Group>
        <ProblemAlert error={sessions.error ?? revokeOne.error ?? revokeAll.error} />
        {sessions.isPending ? <Loading /> : items.length === 0 ? <Text size="sm" c="dimmed">{t('accounts.noSessions')}</Text> : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('account.sessions.device')}</Table.Th>
                  <Table.Th>{t('account.sessions.ip')}</Table.Th>
                  <Table.Th>{t('account.sessions.signedIn')}</Table.Th>
                  <Table.Th>{t('account.sessions.lastSeen')}</Table.Th>
                  {canManage && <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td><Group gap={6}><Text size="sm" translate="no">{describeUserAgent(s.userAgent) ?? t('account.sessions.unknownDevice')}</Text>
                      {s.current && <Badge size="sm" color="green" variant="light">{t('account.sessions.current')}</Badge>}</Group></Table.Td>
                    <Table.Td><Text size="sm">{s.ip ?? '—'}</Text></Table.Td>
                    <Table.Td><Text size="sm">{formatDateTime(s.createdAt, i18n.language)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{formatDateTime(s.lastSeenAt, i18n.language)}</Text></Table.Td>
                    {canManage && <Table.Td ta="right">
                      <Button size="xs" variant="light" color="red" loading={revokeOne.isPending && revokeOne.variables === s.id} onClick={() => revokeOne.mutate(s.id)}>
                        {t('account.sessions.revoke')}
                      </Button>
                    </Table.Td>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

/** One account as operators see it: unmasked personal data (the read is audited), rename / disable, roles, sessions. */
export function AccountDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const manage = can(me.data, 'staff:manage');
  const key = ['admin', 'account', id];
  const account = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/api/admin/accounts/{id}', { params: { path: { id } } })) });
  const orgKind = account.data?.org?.kind;
  const roles = useQuery({ queryKey: ['admin', 'roles', orgKind], enabled: Boolean(orgKind) && manage,
    queryFn: () => unwrap(api.GET('/api/admin/roles', { params: { query: { orgKind: orgKind! } } })) });
  const saved = (a: Account) => {
    qc.setQueryData(key, a);
    void qc.invalidateQueries({ queryKey: ['admin', 'accounts'] });
    notifications.show({ color: 'green', message: t('common.saved') });
  };
  const update = useMutation({
    mutationFn: (body: { displayName?: string; status?: 'active' | 'disabled' }) => unwrap(api.PATCH('/api/admin/accounts/{id}', { params: { path: { id } }, body })),
    onSuccess: saved,
  });
  const setRoles = useMutation({
    mutationFn: (roleIds: string[]) => unwrap(api.PUT('/api/admin/accounts/{id}/roles', { params: { path: { id } }, body: { roleIds } })),
    onSuccess: saved,
  });
  const a = account.data;
  return (
    <Page title={a?.displayName ?? t('staff.detailTitle')}
      description={<Anchor component={Link} to="/admin/accounts" size="sm">← {t('accounts.title')}</Anchor>}>
      <ProblemAlert error={account.error} />
      {account.isPending ? <Loading /> : a && (
        <Stack gap="lg">
          <Card withBorder radius="lg" padding="lg">
            <AccountFacts account={a} />
            <Text size="xs" c="dimmed" mt="md">{t('staff.viewAudited')}</Text>
          </Card>
          {a.kind === 'staff' && (
            <>
              <AccountEditCard key={`edit-${a.displayName}-${a.status}`} account={a} canManage={manage}
                onSave={(b) => update.mutate(b)} pending={update.isPending} error={update.error} />
              <AccountRolesCard key={`roles-${a.roles.map((r) => r.id).join()}`} account={a} roles={roles.data?.items ?? []} canManage={manage}
                onSave={(ids) => setRoles.mutate(ids)} pending={setRoles.isPending} error={setRoles.error ?? roles.error} />
            </>
          )}
          <SessionsCard accountId={a.id} canManage={manage} />
        </Stack>
      )}
    </Page>
  );
}
