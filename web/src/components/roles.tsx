import { Badge, Button, Checkbox, Group, Modal, ScrollArea, SimpleGrid, Spoiler, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/client';
import { OrgKindBadge, usePermissionLabel, useRoleName } from './labels';
import { ProblemAlert } from './ProblemAlert';

/** Roles with their permissions; custom roles can be edited when `onEdit` is given. */
export function RolesTable({ roles, showKind = false, onEdit }: { roles: Role[]; showKind?: boolean; onEdit?: (r: Role) => void }) {
  const { t } = useTranslation();
  const roleName = useRoleName();
  const permLabel = usePermissionLabel();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('roles.name')}</Table.Th>
            {showKind && <Table.Th>{t('fields.orgKind')}</Table.Th>}
            <Table.Th>{t('roles.permissions')}</Table.Th>
            <Table.Th>{t('roles.type')}</Table.Th>
            {onEdit && <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.map((r) => (
            <Table.Tr key={r.id} data-testid="role-row">
              <Table.Td>
                <Text size="sm" fw={500}>{roleName(r)}</Text>
                <Text size="xs" c="dimmed" className="shiji-mono">{r.key}</Text>
              </Table.Td>
              {showKind && <Table.Td><OrgKindBadge kind={r.orgKind} /></Table.Td>}
              <Table.Td maw={520}>
                <Spoiler maxHeight={56} showLabel={t('common.showMore')} hideLabel={t('common.showLess')}>
                  <Group gap={4}>{r.permissions.map((p) => <Badge key={p} variant="light" color="gray" tt="none" fw={400}>{permLabel(p)}</Badge>)}</Group>
                </Spoiler>
              </Table.Td>
              <Table.Td>{r.predefined ? <Badge variant="outline" color="gray">{t('roles.predefined')}</Badge> : <Badge variant="outline">{t('roles.custom')}</Badge>}</Table.Td>
              {onEdit && <Table.Td ta="right">{!r.predefined && <Button size="xs" variant="default" onClick={() => onEdit(r)}>{t('common.edit')}</Button>}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export type RoleInput = { key: string; name: string; nameZh: string; permissions: string[] };

/** Create a custom role (key, Chinese and English names, permissions), or edit one (key fixed). */
export function RoleModal({ opened, onClose, role, permissions, onSubmit, pending, error }: {
  opened: boolean; onClose: () => void; role: Role | null; permissions: string[]; pending: boolean; error: unknown;
  onSubmit: (r: RoleInput) => void;
}) {
  const { t } = useTranslation();
  const permLabel = usePermissionLabel();
  const form = useForm({
    initialValues: { key: role?.key ?? '', name: role?.name ?? '', nameZh: role?.nameZh ?? '', permissions: role?.permissions ?? [] },
    validate: {
      key: (v) => (role || /^[a-z][a-z0-9_]{1,40}$/.test(v) ? null : t('roles.keyRule')),
      name: (v) => (v.trim() ? null : t('validation.required')),
      nameZh: (v) => (v.trim() ? null : t('validation.required')),
      permissions: (v) => (v.length > 0 ? null : t('roles.pickOne')),
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={role ? t('roles.editTitle') : t('roles.newTitle')} size="lg">
      <form noValidate onSubmit={form.onSubmit((f) => onSubmit({ ...f, name: f.name.trim(), nameZh: f.nameZh.trim() }))}>
        <Stack gap="sm">
          <ProblemAlert error={error} />
          <TextInput label={t('roles.key')} description={t('roles.keyRule')} required disabled={Boolean(role)} classNames={{ input: 'shiji-mono' }} data-autofocus {...form.getInputProps('key')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('roles.nameZh')} required {...form.getInputProps('nameZh')} />
            <TextInput label={t('roles.nameEn')} required {...form.getInputProps('name')} />
          </SimpleGrid>
          <Checkbox.Group label={t('roles.permissions')} required {...form.getInputProps('permissions')}>
            <ScrollArea.Autosize mah={280} mt="xs" type="auto">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={8}>
                {[...permissions].sort().map((p) => <Checkbox key={p} value={p} label={permLabel(p)} description={<span className="shiji-mono" translate="no">{p}</span>} />)}
              </SimpleGrid>
            </ScrollArea.Autosize>
          </Checkbox.Group>
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending}>{role ? t('common.save') : t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
