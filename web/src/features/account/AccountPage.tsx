import { Badge, Button, Card, Code, Container, CopyButton, Group, PasswordInput, PinInput, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Me } from '../../api/client';
import { ME_KEY, useMe, useSignOut } from '../../auth/session';
import { OrgKindBadge, RoleBadges } from '../../components/labels';
import { Field, Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QrCode } from '../../components/QrCode';
import { describeUserAgent, formatDateTime } from '../../lib/format';
import { useValidators } from '../../lib/validators';
import { areaOf } from '../../auth/areas';

function ProfileCard({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const v = useValidators();
  const form = useForm({ initialValues: { displayName: me.displayName }, validate: { displayName: v.required } });
  const save = useMutation({
    mutationFn: (displayName: string) => unwrap(api.PATCH('/api/auth/me', { body: { displayName } })),
    onSuccess: (res) => {
      qc.setQueryData(ME_KEY, res);
      form.resetDirty({ displayName: res.displayName });
      notifications.show({ color: 'green', message: t('account.profile.saved') });
    },
  });
  return (
    <Card withBorder radius="lg" padding="lg">
      <Stack gap="md">
        <Title order={2} size="h4">{t('account.profile.title')}</Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Field label={t('fields.email')}>{me.email ?? '—'}</Field>
          <Field label={t('fields.phone')}>{me.phone ?? '—'}</Field>
          {me.org && <Field label={t('fields.organisation')}><Group gap={6}>{me.org.name}<OrgKindBadge kind={me.org.kind} /></Group></Field>}
          {me.kind === 'staff' && <Field label={t('fields.roles')}><RoleBadges roles={me.roles} /></Field>}
          <Field label={t('fields.lastLogin')}>{formatDateTime(me.lastLoginAt, i18n.language)}</Field>
          <Field label={t('fields.createdAt')}>{formatDateTime(me.createdAt, i18n.language)}</Field>
        </SimpleGrid>
        <form onSubmit={form.onSubmit((f) => save.mutate(f.displayName.trim()))} noValidate>
          <Stack gap="sm">
            <ProblemAlert error={save.error} />
            <Group align="flex-end" gap="sm" wrap="wrap">
              <TextInput label={t('fields.displayName')} required style={{ flex: '1 1 220px' }} maw={420} {...form.getInputProps('displayName')} />
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const v = useValidators();
  const qc = useQueryClient();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (x) => (x ? null : t('validation.required')),
      newPassword: v.password,
      confirm: (x, all) => (x === all.newPassword ? null : t('validation.passwordsDiffer')),
    },
  });
  const change = useMutation({
    mutationFn: (f: { currentPassword: string; newPassword: string }) => unwrap(api.POST('/api/auth/password', { body: f })),
    onSuccess: () => {
      form.reset();
      void qc.invalidateQueries({ queryKey: ['sessions'] });
      notifications.show({ color: 'green', title: t('account.password.changed'), message: t('account.password.changedBody') });
    },
  });
  return (
    <Card withBorder radius="lg" padding="lg">
      <form onSubmit={form.onSubmit((f) => change.mutate({ currentPassword: f.currentPassword, newPassword: f.newPassword }))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('account.password.title')}</Title>
          <Text size="sm" c="dimmed">{t('account.password.hint')}</Text>
          <ProblemAlert error={change.error} />
          <PasswordInput label={t('account.password.current')} autoComplete="current-password" required maw={420} {...form.getInputProps('currentPassword')} />
          <PasswordInput label={t('account.password.new')} autoComplete="new-password" required maw={420} description={t('validation.passwordRule')} {...form.getInputProps('newPassword')} />
          <PasswordInput label={t('fields.confirmPassword')} autoComplete="new-password" required maw={420} {...form.getInputProps('confirm')} />
          <Group><Button type="submit" loading={change.isPending}>{t('account.password.submit')}</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}

function SessionsCard({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const signOut = useSignOut();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => unwrap(api.GET('/api/auth/sessions')) });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/auth/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['sessions'] });
      notifications.show({ color: 'green', message: t('account.sessions.revoked') });
    },
  });
  return (
    <Card withBorder radius="lg" padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('account.sessions.title')}</Title>
        <Text size="sm" c="dimmed">{t('account.sessions.hint')}</Text>
        <ProblemAlert error={sessions.error ?? revoke.error} />
        {sessions.isPending ? <Loading /> : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('account.sessions.device')}</Table.Th>
                  <Table.Th>{t('account.sessions.ip')}</Table.Th>
                  <Table.Th>{t('account.sessions.signedIn')}</Table.Th>
                  <Table.Th>{t('account.sessions.lastSeen')}</Table.Th>
                  <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(sessions.data?.items ?? []).map((s) => (
                  <Table.Tr key={s.id} data-testid="session-row">
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm" translate="no" style={{ whiteSpace: 'nowrap' }}>{describeUserAgent(s.userAgent) ?? t('account.sessions.unknownDevice')}</Text>
                        {s.current && <Badge size="sm" color="green" variant="light">{t('account.sessions.current')}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td><Text size="sm">{s.ip ?? '—'}</Text></Table.Td>
                    <Table.Td><Text size="sm">{formatDateTime(s.createdAt, i18n.language)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{formatDateTime(s.lastSeenAt, i18n.language)}</Text></Table.Td>
                    <Table.Td ta="right">
                      {s.current ? (
                        <Button size="xs" variant="default" loading={signOut.isPending}
                          onClick={() => signOut.mutate(areaOf(me) === 'store' ? '/' : '/login')}>
                          {t('auth.signOut')}
                        </Button>
                      ) : (
                        <Button size="xs" variant="light" color="red" loading={revoke.isPending && revoke.variables === s.id}
                          onClick={() => revoke.mutate(s.id)}>{t('account.sessions.revoke')}</Button>
                      )}
                    </Table.Td>
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

function TotpCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const setup = useMutation({ mutationFn: () => unwrap(api.POST('/api/auth/totp/setup')) });
  const refreshMe = () => qc.invalidateQueries({ queryKey: ME_KEY });
  const enable = useMutation({
    mutationFn: (c: string) => unwrap(api.POST('/api/auth/totp/enable', { body: { code: c } })),
    onSuccess: async () => {
      setup.reset(); setCode('');
      await refreshMe();
      notifications.show({ color: 'green', message: t('account.totp.enabled') });
    },
    onError: () => setCode(''),
  });
  const disable = useMutation({
    mutationFn: (b: { password: string; code: string }) => unwrap(api.POST('/api/auth/totp/disable', { body: b })),
    onSuccess: async () => {
      setCode(''); setPassword('');
      await refreshMe();
      notifications.show({ color: 'green', message: t('account.totp.disabled') });
    },
    onError: () => setCode(''),
  });
  return (
    <Card withBorder radius="lg" padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">{t('account.totp.title')}</Title>
          <Badge color={me.totpEnabled ? 'green' : 'gray'} variant="light" data-testid="totp-status">
            {me.totpEnabled ? t('account.totp.on') : t('account.totp.off')}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">{t('account.totp.hint')}</Text>
        {!me.totpEnabled && !setup.data && (
          <>
            <ProblemAlert error={setup.error} />
            <Group><Button onClick={() => setup.mutate()} loading={setup.isPending} data-testid="totp-setup">{t('account.totp.start')}</Button></Group>
          </>
        )}
        {!me.totpEnabled && setup.data && (
          <form onSubmit={(e) => { e.preventDefault(); if (code.length === 6) enable.mutate(code); }}>
            <Stack gap="md">
              <Text size="sm">{t('account.totp.scan')}</Text>
              <Group align="flex-start" gap="lg" wrap="wrap">
                <QrCode value={setup.data.otpauthUrl} alt={t('account.totp.qrAlt')} />
                <Stack gap={6} style={{ flex: '1 1 240px', minWidth: 0 }}>
                  <Text size="xs" c="dimmed" fw={500}>{t('account.totp.secret')}</Text>
                  <Group gap="xs" wrap="nowrap">
                    <Code className="shiji-mono" data-testid="totp-secret">{setup.data.secret}</Code>
                    <CopyButton value={setup.data.secret}>
                      {({ copied, copy }) => <Button size="compact-xs" variant="default" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}
                    </CopyButton>
                  </Group>
                  <Text size="xs" c="dimmed" fw={500} mt="xs">{t('account.totp.url')}</Text>
                  <Code block className="shiji-mono" data-testid="totp-url" style={{ whiteSpace: 'pre-wrap' }}>{setup.data.otpauthUrl}</Code>
                </Stack>
              </Group>
              <ProblemAlert error={enable.error} />
              <Stack gap={6}>
                <Text size="sm" fw={500} id="totp-enable-label">{t('account.totp.enterCode')}</Text>
                <PinInput length={6} type="number" oneTimeCode value={code} onChange={setCode} aria-labelledby="totp-enable-label" />
              </Stack>
              <Group gap="sm">
                <Button type="submit" loading={enable.isPending} disabled={code.length !== 6}>{t('account.totp.enable')}</Button>
                <Button variant="default" onClick={() => { setup.reset(); setCode(''); }}>{t('common.cancel')}</Button>
              </Group>
            </Stack>
          </form>
        )}
        {me.totpEnabled && (
          <form onSubmit={(e) => { e.preventDefault(); if (code.length === 6 && password) disable.mutate({ password, code }); }}>
            <Stack gap="sm">
              <Text size="sm">{t('account.totp.disableHint')}</Text>
              <ProblemAlert error={disable.error} />
              <PasswordInput label={t('account.password.current')} autoComplete="current-password" required value={password}
                onChange={(e) => setPassword(e.currentTarget.value)} maw={360} />
              <Stack gap={6}>
                <Text size="sm" fw={500} id="totp-disable-label">{t('auth.totpCode')}</Text>
                <PinInput length={6} type="number" oneTimeCode value={code} onChange={setCode} aria-labelledby="totp-disable-label" />
              </Stack>
              <Group><Button type="submit" color="red" variant="light" loading={disable.isPending} disabled={code.length !== 6 || !password}>{t('account.totp.disable')}</Button></Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

/** "My account": profile, password, live sessions, two-step verification. Used in every area. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return <Loading />;
  const inStore = areaOf(me.data) === 'store';
  const content = (
    <Page title={t('account.title')} description={t('account.subtitle', { name: me.data.displayName })}>
      <Stack gap="lg">
        <ProfileCard me={me.data} key={`profile-${me.data.displayName}`} />
        <TotpCard me={me.data} />
        <SessionsCard me={me.data} />
        <PasswordCard />
      </Stack>
    </Page>
  );
  return inStore ? <Container size="md" py="xl">{content}</Container> : content;
}
