import { Anchor, Badge, Button, Card, Group, Modal, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { useTradeFmt } from '../trade-seller/format';
import { TradeProblem } from '../trade-seller/problem';
import { adminApi, keys } from './api';
import type { Provider, Qualification } from './types';

export const QUALIFICATIONS: Qualification[] = ['pending', 'approved', 'expired', 'rejected'];
const QUAL_COLOR: Record<Qualification, string> = { pending: 'yellow', approved: 'green', expired: 'orange', rejected: 'red' };

export function QualificationBadge({ q }: { q: Qualification }) {
  const { t } = useTranslation();
  return <Badge tt="none" variant="light" color={QUAL_COLOR[q]}>{t(`tradeStaff.providers.qualification.${q}`)}</Badge>;
}

/** Offered at checkout now, or why not. */
export function OfferableBadge({ p }: { p: Provider }) {
  const { t } = useTranslation();
  return p.offerable
    ? <Badge tt="none" color="green" variant="filled" data-testid="provider-offerable">{t('tradeStaff.providers.offerable')}</Badge>
    : <Badge tt="none" color="gray" variant="outline" data-testid="provider-offerable">{t('tradeStaff.providers.notOfferable')}</Badge>;
}

/** Merchant credentials: typed in, sent, never shown again (the API never returns them). */
export function CredentialFields({ form }: { form: { getInputProps: (path: string) => object } }) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput label={t('tradeStaff.providers.merchantId')} required maxLength={64} autoComplete="off" data-testid="credentials-merchant" {...form.getInputProps('merchantId')} />
      <PasswordInput label={t('tradeStaff.providers.apiKey')} required minLength={16} maxLength={256} autoComplete="new-password"
        description={t('tradeStaff.providers.secretHint')} data-testid="credentials-api-key" {...form.getInputProps('apiKey')} />
      <PasswordInput label={t('tradeStaff.providers.webhookSecret')} required minLength={16} maxLength={256} autoComplete="new-password"
        data-testid="credentials-webhook-secret" {...form.getInputProps('webhookSecret')} />
    </>
  );
}

export const credentialRules = (t: (k: 'tradeStaff.validation.required' | 'tradeStaff.validation.secretShort') => string) => ({
  merchantId: (v: string) => (v.trim() ? null : t('tradeStaff.validation.required')),
  apiKey: (v: string) => (v.length >= 16 ? null : t('tradeStaff.validation.secretShort')),
  webhookSecret: (v: string) => (v.length >= 16 ? null : t('tradeStaff.validation.secretShort')),
});

type NewProvider = { code: string; name: string; orgId: string | null; qualification: Qualification; merchantId: string; apiKey: string; webhookSecret: string };

function NewProviderModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const orgs = useQuery({
    queryKey: ['admin', 'organisations', 'payment'], enabled: opened && can(me.data, 'org:read'),
    queryFn: () => unwrap(api.GET('/api/admin/organisations', { params: { query: { kind: 'payment', limit: '100' } } })),
  });
  const form = useForm<NewProvider>({
    initialValues: { code: '', name: '', orgId: null, qualification: 'pending', merchantId: '', apiKey: '', webhookSecret: '' },
    validate: {
      code: (v) => (/^[a-z][a-z0-9_-]{1,31}$/.test(v) ? null : t('tradeStaff.validation.providerCode')),
      name: (v) => (v.trim() ? null : t('tradeStaff.validation.required')),
      ...credentialRules(t),
    },
  });
  const create = useMutation({
    mutationFn: (v: NewProvider) => adminApi.createProvider({
      code: v.code, name: v.name.trim(), orgId: v.orgId, qualification: v.qualification,
      credentials: { merchantId: v.merchantId.trim(), apiKey: v.apiKey, webhookSecret: v.webhookSecret },
    }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: keys.providers });
      notifications.show({ color: 'green', message: t('tradeStaff.providers.created', { name: p.name }) });
      close();
      navigate(`/admin/trade/providers/${p.id}`);
    },
  });
  const close = () => { form.reset(); create.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={t('tradeStaff.providers.newTitle')} size="lg" data-testid="provider-new-dialog">
      <form noValidate onSubmit={form.onSubmit((v) => create.mutate(v))}>
        <Stack gap="sm">
          <TradeProblem error={create.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('tradeStaff.providers.code')} description={t('tradeStaff.providers.codeHint')} required maxLength={32} data-autofocus
              className="shiji-mono" data-testid="provider-code" {...form.getInputProps('code')} />
            <TextInput label={t('tradeStaff.providers.name')} required maxLength={100} data-testid="provider-name" {...form.getInputProps('name')} />
            <Select label={t('tradeStaff.providers.org')} clearable data={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              comboboxProps={{ withinPortal: true }} {...form.getInputProps('orgId')} />
            <Select label={t('tradeStaff.providers.qualificationLabel')} allowDeselect={false} comboboxProps={{ withinPortal: true }}
              data={QUALIFICATIONS.map((q) => ({ value: q, label: t(`tradeStaff.providers.qualification.${q}`) }))} {...form.getInputProps('qualification')} />
          </SimpleGrid>
          <Text size="sm" fw={600} mt="xs">{t('tradeStaff.providers.credentials')}</Text>
          <CredentialFields form={form} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} data-testid="provider-create">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** 支付机构: registered payment providers with qualification, contract in force and whether checkout offers them (PL-PAY-01). */
export function ProvidersPage() {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const me = useMe();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: keys.providers, queryFn: adminApi.providers });
  return (
    <Page title={t('tradeStaff.providers.title')} description={t('tradeStaff.providers.hint')}
      actions={can(me.data, 'payment:manage') && (
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="provider-new">{t('tradeStaff.providers.new')}</Button>
      )}>
      <TradeProblem error={q.error} />
      <Card withBorder radius="lg" padding={0}>
        {q.isPending ? <Loading /> : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="providers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tradeStaff.providers.name')}</Table.Th>
                  <Table.Th>{t('tradeStaff.fields.status')}</Table.Th>
                  <Table.Th>{t('tradeStaff.providers.qualificationLabel')}</Table.Th>
                  <Table.Th>{t('tradeStaff.providers.contract')}</Table.Th>
                  <Table.Th>{t('tradeStaff.providers.checkout')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(q.data?.items ?? []).map((p) => (
                  <Table.Tr key={p.id} data-testid="provider-row" data-code={p.code} style={{ cursor: 'pointer' }} onClick={() => navigate(`/admin/trade/providers/${p.id}`)}>
                    <Table.Td>
                      <Anchor component={Link} to={`/admin/trade/providers/${p.id}`} fw={500} size="sm" translate="no" onClick={(e) => e.stopPropagation()}>{p.name}</Anchor>
                      <Text size="xs" c="dimmed" className="shiji-mono" translate="no">{p.code}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge tt="none" variant="dot" color={p.status === 'active' ? 'green' : 'gray'}>{t(`tradeStaff.providers.status.${p.status}`)}</Badge>
                    </Table.Td>
                    <Table.Td><QualificationBadge q={p.qualification} /></Table.Td>
                    <Table.Td>
                      {p.currentContract ? (
                        <Stack gap={0}>
                          <Text size="sm" className="shiji-mono" translate="no">{p.currentContract.number}</Text>
                          <Text size="xs" c="dimmed">{t('tradeStaff.providers.validRange', { from: f.date(p.currentContract.validFrom), to: f.date(p.currentContract.validTo) })}</Text>
                        </Stack>
                      ) : <Text size="sm" c="red.7">{t('tradeStaff.providers.noContract')}</Text>}
                    </Table.Td>
                    <Table.Td><OfferableBadge p={p} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <NewProviderModal opened={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
