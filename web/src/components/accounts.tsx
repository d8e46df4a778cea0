import { Anchor, Badge, Button, Card, Group, Modal, MultiSelect, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Account, Role } from '../api/client';
import { formatDateTime } from '../lib/format';
import { useValidators } from '../lib/validators';
import { OrgKindBadge, RoleBadges, StatusBadge, useRoleName } from './labels';
import { Field } from './Page';
import { ProblemAlert } from './ProblemAlert';

/** Staff or consumer accounts as a table; names link to the account's page. */
export function AccountsTable({ items, linkTo, showOrg = false }: { items: Account[]; linkTo: (id: string) => string; showOrg?: boolean }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={showOrg ? 900 : 760}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.displayName')}</Table.Th>
            <Table.Th>{t('fields.email')}</Table.Th>
            <Table.Th>{t('fields.phone')}</Table.Th>
            {showOrg && <Table.Th>{t('fields.organisation')}</Table.Th>}
            <Table.Th>{t('fields.roles')}</Table.Th>
            <Table.Th>{t('fields.status')}</Table.Th>
            <Table.Th>{t('fields.lastLogin')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id} data-testid="account-row">
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Anchor component={Link} to={linkTo(a.id)} fw={500} size="sm">{a.displayName}</Anchor>
                  {a.totpEnabled && <Badge size="xs" variant="outline" color="green">{t('account.totp.badge')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td><Text size="sm">{a.email ?? '—'}</Text></Table.Td>
              <Table.Td><Text size="sm">{a.phone ?? '—'}</Text></Table.Td>
              {showOrg && (
                <Table.Td>
                  {a.org ? <Group gap={6} wrap="nowrap"><Text size="sm">{a.org.name}</Text><OrgKindBadge kind={a.org.kind} /></Group>
                    : <Badge variant="light" color="cyan">{t('accountKind.consumer')}</Badge>}
                </Table.Td>
              )}
              <Table.Td>{a.kind === 'staff' ? <RoleBadges roles={a.roles} /> : '—'}</Table.Td>
              <Table.Td><StatusBadge status={a.status} /></Table.Td>
              <Table.Td><Text size="sm">{formatDateTime(a.lastLoginAt, i18n.language)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export type NewStaff = { displayName: string; email: string; phone?: string; password: string; roleIds: string[] };

/** A form for a new staff account (name, email, optional phone, initial password, roles). */
export function NewStaffModal({ opened, onClose, roles, onSubmit, pending, error, extra }: {
  opened: boolean; onClose: () => void; roles: Role[]; onSubmit: (s: NewStaff) => void; pending: boolean; error: unknown;
  extra?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const v = useValidators();
  const roleName = useRoleName();
  const form = useForm({
    initialValues: { displayName: '', email: '', phone: '', password: '', roleIds: [] as string[] },
    validate: { displayName: v.required, email: v.email, phone: (x) => (x.trim() ? v.phone(x) : null), password: v.password },
  });
  const close = () => { form.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={t('staff.newTitle')} size="lg">
      <form noValidate onSubmit={form.onSubmit((f) => onSubmit({
        displayName: f.displayName.trim(), email: f.email.trim(), password: f.password, roleIds: f.roleIds,
        ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
      }))}>
        <Stack gap="sm">
          <ProblemAlert error={error} />
          {extra}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('fields.displayName')} required data-autofocus {...form.getInputProps('displayName')} />
            <TextInput label={t('fields.email')} type="email" required {...form.getInputProps('email')} />
            <TextInput label={t('fields.phone')} type="tel" {...form.getInputProps('phone')} />
            <PasswordInput label={t('fields.initialPassword')} required description={t('validation.passwordRule')} autoComplete="new-password" {...form.getInputProps('password')} />
          </SimpleGrid>
          <MultiSelect label={t('fields.roles')} data={roles.map((r) => ({ value: r.id, label: roleName(r) }))}
            placeholder={t('staff.pickRoles')} searchable clearable comboboxProps={{ withinPortal: true }} {...form.getInputProps('roleIds')} />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="staff-create-submit">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The account's facts (personal data unmasked on single-account views; the API audits that read). */
export function AccountFacts({ account }: { account: Account }) {
  const { t, i18n } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
      <Field label={t('fields.email')}>{account.email ?? '—'}</Field>
      <Field label={t('fields.phone')}>{account.phone ?? '—'}</Field>
      <Field label={t('fields.kind')}>{t(`accountKind.${account.kind}`)}</Field>
      {account.org && <Field label={t('fields.organisation')}><Group gap={6}>{account.org.name}<OrgKindBadge kind={account.org.kind} /></Group></Field>}
      <Field label={t('fields.status')}><StatusBadge status={account.status} /></Field>
      <Field label={t('account.totp.title')}>{account.totpEnabled ? t('account.totp.on') : t('account.totp.off')}</Field>
      <Field label={t('fields.lastLogin')}>{formatDateTime(account.lastLoginAt, i18n.language)}</Field>
      <Field label={t('fields.createdAt')}>{formatDateTime(account.createdAt, i18n.language)}</Field>
      <Field label={t('fields.id')}><Text size="sm" className="shiji-mono">{account.id}</Text></Field>
    </SimpleGrid>
  );
}

/** Rename and disable / re-enable a staff account. */
export function AccountEditCard({ account, canManage, onSave, pending, error }: {
  account: Account; canManage: boolean; pending: boolean; error: unknown;
  onSave: (body: { displayName?: string; status?: 'active' | 'disabled' }) => void;
}) {
  const { t } = useTranslation();
  const v = useValidators();
  const form = useForm({ initialValues: { displayName: account.displayName }, validate: { displayName: v.required } });
  return (
    <Card withBorder radius="lg" padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('staff.editTitle')}</Title>
        <ProblemAlert error={error} />
        <form noValidate onSubmit={form.onSubmit((f) => onSave({ displayName: f.displayName.trim() }))}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput label={t('fields.displayName')} required disabled={!canManage} style={{ flex: '1 1 220px' }} maw={420} {...form.getInputProps('displayName')} />
            <Button type="submit" loading={pending} disabled={!canManage || !form.isDirty()}>{t('common.save')}</Button>
          </Group>
        </form>
        {account.kind === 'staff' && canManage && (
          <Group gap="sm" mt="xs">
            {account.status === 'active'
              ? <Button variant="light" color="red" onClick={() => onSave({ status: 'disabled' })} loading={pending}>{t('staff.disable')}</Button>
              : <Button variant="light" color="green" onClick={() => onSave({ status: 'active' })} loading={pending}>{t('staff.enable')}</Button>}
            <Text size="xs" c="dimmed">{account.status === 'active' ? t('staff.disableHint') : t('staff.enableHint')}</Text>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** Replace a staff account's roles. */
export function AccountRolesCard({ account, roles, canManage, onSave, pending, error }: {
  account: Account; roles: Role[]; canManage: boolean; pending: boolean; error: unknown; onSave: (roleIds: string[]) => void;
}) {
  const { t } = useTranslation();
  const roleName = useRoleName();
  const [value, setValue] = useState<string[]>(account.roles.map((r) => r.id));
  const original = account.roles.map((r) => r.id).sort().join(',');
  // The account's own roles are always named, even before the list of assignable roles has loaded.
  const options = [...new Map([...account.roles, ...roles].map((r) => [r.id, { value: r.id, label: roleName(r) }])).values()];
  return (
    <Card withBorder radius="lg" padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('fields.roles')}</Title>
        <ProblemAlert error={error} />
        {canManage ? (
          <Group align="flex-end" gap="sm" wrap="wrap">
            <MultiSelect label={t('staff.assignedRoles')} data={options} value={value}
              onChange={setValue} searchable clearable style={{ flex: '1 1 280px' }} comboboxProps={{ withinPortal: true }} />
            <Button loading={pending} disabled={[...value].sort().join(',') === original} onClick={() => onSave(value)}>{t('common.save')}</Button>
          </Group>
        ) : <RoleBadges roles={account.roles} />}
      </Stack>
    </Card>
  );
}
