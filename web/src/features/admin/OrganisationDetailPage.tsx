import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, PAGE_SIZE, unwrap, type Organisation } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { AccountsTable, NewStaffModal, type NewStaff } from '../../components/accounts';
import { OrgKindBadge, StatusBadge } from '../../components/labels';
import { Field, Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../lib/format';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useValidators } from '../../lib/validators';

function EditOrganisation({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const v = useValidators();
  const qc = useQueryClient();
  const form = useForm({ initialValues: { name: org.name }, validate: { name: v.required } });
  const update = useMutation({
    mutationFn: (body: { name?: string; status?: 'active' | 'suspended' }) =>
      unwrap(api.PATCH('/api/admin/organisations/{id}', { params: { path: { id: org.id } }, body })),
    onSuccess: (o) => {
      qc.setQueryData(['admin', 'organisation', org.id], o);
      void qc.invalidateQueries({ queryKey: ['admin', 'organisations'] });
      notifications.show({ color: 'green', message: t('common.saved') });
    },
  });
  const toggle = () => modals.openConfirmModal({
    title: org.status === 'active' ? t('orgs.suspendTitle') : t('orgs.reactivateTitle'),
    children: <Text size="sm">{org.status === 'active' ? t('orgs.suspendBody', { name: org.name }) : t('orgs.reactivateBody', { name: org.name })}</Text>,
    labels: { confirm: org.status === 'active' ? t('orgs.suspend') : t('orgs.reactivate'), cancel: t('common.cancel') },
    confirmProps: { color: org.status === 'active' ? 'red' : 'green' },
    onConfirm: () => update.mutate({ status: org.status === 'active' ? 'suspended' : 'active' }),
  });
  return (
    <Stack gap="sm">
      <ProblemAlert error={update.error} />
      <form noValidate onSubmit={form.onSubmit((f) => update.mutate({ name: f.name.trim() }))}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label={t('orgs.name')} required style={{ flex: '1 1 240px' }} maw={420} {...form.getInputProps('name')} />
          <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>{t('common.save')}</Button>
        </Group>
      </form>
      {org.kind !== 'platform' && (
        <Group gap="sm">
          <Button variant="light" color={org.status === 'active' ? 'red' : 'green'} onClick={toggle} loading={update.isPending}>
            {org.status === 'active' ? t('orgs.suspend') : t('orgs.reactivate')}
          </Button>
          <Text size="xs" c="dimmed">{org.status === 'active' ? t('orgs.suspendHint') : t('orgs.reactivateHint')}</Text>
        </Group>
      )}
    </Stack>
  );
}

/** One organisation: facts, rename / suspend, and its staff accounts (add staff with roles of the organisation's kind). */
export function OrganisationDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const org = useQuery({ queryKey: ['admin', 'organisation', id], queryFn: () => unwrap(api.GET('/api/admin/organisations/{id}', { params: { path: { id } } })) });
  const staff = usePagedList(['admin', 'accounts', { orgId: id }], (cursor) =>
    unwrap(api.GET('/api/admin/accounts', { params: { query: { orgId: id, kind: 'staff', limit: PAGE_SIZE, cursor } } })), can(me.data, 'staff:read'));
  const kind = org.data?.kind;
  const roles = useQuery({ queryKey: ['admin', 'roles', kind], enabled: Boolean(kind) && can(me.data, 'staff:manage'),
    queryFn: () => unwrap(api.GET('/api/admin/roles', { params: { query: { orgKind: kind! } } })) });
  const create = useMutation({
    mutationFn: (s: NewStaff) => unwrap(api.POST('/api/admin/accounts', { body: { ...s, orgId: id } })),
    onSuccess: (a) => {
      setCreating(false);
      void qc.invalidateQueries({ queryKey: ['admin', 'accounts'] });
      notifications.show({ color: 'green', message: t('staff.created', { name: a.displayName }) });
    },
  });
  return (
    <Page title={org.data?.name ?? t('orgs.detailTitle')}
      description={<Anchor component={Link} to="/admin/organisations" size="sm">← {t('orgs.title')}</Anchor>}>
      <ProblemAlert error={org.error} />
      {org.isPending ? <Loading /> : org.data && (
        <Stack gap="lg">
          <Card withBorder radius="lg" padding="lg">
            <Stack gap="lg">
              <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
                <Field label={t('fields.orgKind')}><OrgKindBadge kind={org.data.kind} /></Field>
                <Field label={t('fields.entityType')}>{t(`entityType.${org.data.entityType}`)}</Field>
                <Field label={t('fields.status')}><StatusBadge status={org.data.status} /></Field>
                <Field label={t('fields.createdAt')}>{formatDateTime(org.data.createdAt, i18n.language)}</Field>
                <Field label={t('fields.updatedAt')}>{formatDateTime(org.data.updatedAt, i18n.language)}</Field>
                <Field label={t('fields.id')}><Text size="sm" className="shiji-mono">{org.data.id}</Text></Field>
              </SimpleGrid>
              {can(me.data, 'org:manage') && <EditOrganisation key={`${org.data.name}-${org.data.status}`} org={org.data} />}
            </Stack>
          </Card>
          {can(me.data, 'staff:read') && (
            <Card withBorder radius="lg" padding={0}>
              <Group justify="space-between" p="lg" pb="xs">
                <Title order={2} size="h4">{t('orgs.staff')}</Title>
                {can(me.data, 'staff:manage') && (
                  <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => { create.reset(); setCreating(true); }}>{t('staff.new')}</Button>
                )}
              </Group>
              <ProblemAlert error={staff.error} />
              {staff.isPending ? <Loading /> : <AccountsTable items={staff.items} linkTo={(a) => `/admin/accounts/${a}`} />}
              <LoadMore list={staff} />
            </Card>
          )}
          <NewStaffModal opened={creating} onClose={() => setCreating(false)} roles={roles.data?.items ?? []}
            onSubmit={(s) => create.mutate(s)} pending={create.isPending} error={create.error ?? roles.error} />
        </Stack>
      )}
    </Page>
  );
}
