import { Anchor, Button, Card, Checkbox, Group, Modal, PasswordInput, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, PAGE_SIZE, unwrap, type OrgKind } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { OrgKindBadge, StatusBadge } from '../../components/labels';
import { Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../lib/format';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useValidators } from '../../lib/validators';

type NewOrg = {
  kind: 'seller' | 'delivery' | 'payment'; entityType: 'organisation' | 'individual'; name: string;
  withOwner: boolean; ownerName: string; ownerEmail: string; ownerPhone: string; ownerPassword: string;
};

function NewOrganisationModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const v = useValidators();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<NewOrg>({
    initialValues: { kind: 'seller', entityType: 'organisation', name: '', withOwner: true, ownerName: '', ownerEmail: '', ownerPhone: '', ownerPassword: '' },
    validate: {
      name: v.required,
      ownerName: (x, f) => (f.withOwner ? v.required(x) : null),
      ownerEmail: (x, f) => (f.withOwner ? v.email(x) : null),
      ownerPhone: (x, f) => (f.withOwner && x.trim() ? v.phone(x) : null),
      ownerPassword: (x, f) => (f.withOwner ? v.password(x) : null),
    },
  });
  const create = useMutation({
    mutationFn: (f: NewOrg) => unwrap(api.POST('/api/admin/organisations', { body: {
      kind: f.kind, entityType: f.entityType, name: f.name.trim(),
      ...(f.withOwner ? { owner: { displayName: f.ownerName.trim(), email: f.ownerEmail.trim(), password: f.ownerPassword,
        ...(f.ownerPhone.trim() ? { phone: f.ownerPhone.trim() } : {}) } } : {}),
    } })),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: ['admin', 'organisations'] });
      notifications.show({ color: 'green', title: t('orgs.created', { name: res.organisation.name }),
        message: res.owner ? t('orgs.createdWithOwner', { email: res.owner.email }) : t('orgs.createdNoOwner') });
      form.reset();
      onClose();
      navigate(`/admin/organisations/${res.organisation.id}`);
    },
  });
  const close = () => { form.reset(); create.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={t('orgs.newTitle')} size="lg">
      <form noValidate onSubmit={form.onSubmit((f) => create.mutate(f))}>
        <Stack gap="sm">
          <ProblemAlert error={create.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select label={t('fields.orgKind')} required allowDeselect={false} data-testid="org-kind" comboboxProps={{ withinPortal: true }}
              data={(['seller', 'delivery', 'payment'] as const).map((k) => ({ value: k, label: t(`orgKind.${k}`) }))} {...form.getInputProps('kind')} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>{t('fields.entityType')}</Text>
              <SegmentedControl fullWidth data={[{ value: 'organisation', label: t('entityType.organisation') }, { value: 'individual', label: t('entityType.individual') }]}
                {...form.getInputProps('entityType')} aria-label={t('fields.entityType')} />
            </Stack>
          </SimpleGrid>
          <TextInput label={t('orgs.name')} required data-autofocus {...form.getInputProps('name')} />
          <Checkbox label={t('orgs.withOwner')} description={t('orgs.withOwnerHint')} mt="xs" {...form.getInputProps('withOwner', { type: 'checkbox' })} />
          {form.values.withOwner && (
            <Card withBorder radius="md" padding="md" bg="var(--mantine-color-gray-0)">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput label={t('orgs.ownerName')} required {...form.getInputProps('ownerName')} />
                <TextInput label={t('orgs.ownerEmail')} type="email" required {...form.getInputProps('ownerEmail')} />
                <TextInput label={t('orgs.ownerPhone')} type="tel" {...form.getInputProps('ownerPhone')} />
                <PasswordInput label={t('fields.initialPassword')} required autoComplete="new-password" description={t('validation.passwordRule')} {...form.getInputProps('ownerPassword')} />
              </SimpleGrid>
            </Card>
          )}
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} data-testid="org-create-submit">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** All organisations, filterable by kind and name; operators create seller, delivery and payment provider organisations here. */
export function OrganisationsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [kind, setKind] = useState<OrgKind | 'all'>('all');
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q.trim(), 300);
  const [creating, setCreating] = useState(false);
  const list = usePagedList(['admin', 'organisations', kind, search], (cursor) => unwrap(api.GET('/api/admin/organisations', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(kind !== 'all' ? { kind } : {}), ...(search ? { q: search } : {}) } },
  })));
  return (
    <Page title={t('orgs.title')} description={t('orgs.hint')}
      actions={can(me.data, 'org:manage') && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="org-new">{t('orgs.new')}</Button>}>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl value={kind} onChange={(v) => setKind(v as OrgKind | 'all')} aria-label={t('fields.orgKind')}
          data={[{ value: 'all', label: t('common.all') }, ...(['platform', 'seller', 'delivery', 'payment'] as const).map((k) => ({ value: k, label: t(`orgKind.${k}`) }))]} />
        <TextInput placeholder={t('orgs.searchPlaceholder')} aria-label={t('orgs.searchPlaceholder')} leftSection={<IconSearch size={16} />}
          value={q} onChange={(e) => setQ(e.currentTarget.value)} style={{ flex: '1 1 220px' }} maw={360} />
      </Group>
      <ProblemAlert error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orgs.name')}</Table.Th>
                  <Table.Th>{t('fields.orgKind')}</Table.Th>
                  <Table.Th>{t('fields.entityType')}</Table.Th>
                  <Table.Th>{t('fields.status')}</Table.Th>
                  <Table.Th>{t('fields.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((o) => (
                  <Table.Tr key={o.id} data-testid="org-row">
                    <Table.Td><Anchor component={Link} to={`/admin/organisations/${o.id}`} fw={500} size="sm">{o.name}</Anchor></Table.Td>
                    <Table.Td><OrgKindBadge kind={o.kind} /></Table.Td>
                    <Table.Td><Text size="sm">{t(`entityType.${o.entityType}`)}</Text></Table.Td>
                    <Table.Td><StatusBadge status={o.status} /></Table.Td>
                    <Table.Td><Text size="sm">{formatDateTime(o.createdAt, i18n.language)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
      <NewOrganisationModal opened={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
