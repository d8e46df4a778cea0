import { Alert, Badge, Button, Card, Grid, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconKey, IconLock, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { useTradeFmt } from '../trade-seller/format';
import { Fact, Section } from '../trade-seller/parts';
import { TradeProblem } from '../trade-seller/problem';
import { adminApi, keys } from './api';
import { CredentialFields, credentialRules, OfferableBadge, QualificationBadge, QUALIFICATIONS } from './ProvidersPage';
import type { Credentials, Provider, ProviderStatus, Qualification } from './types';

/** Status and qualification filing of the provider; suspending stops offering it at checkout. */
function StatusForm({ p }: { p: Provider }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [status, setStatus] = useState<ProviderStatus>(p.status);
  const [qualification, setQualification] = useState<Qualification>(p.qualification);
  const save = useMutation({
    mutationFn: () => adminApi.updateProvider(p.id, { ...(status !== p.status ? { status } : {}), ...(qualification !== p.qualification ? { qualification } : {}) }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.providers }); notifications.show({ color: 'green', message: t('common.saved') }); },
  });
  const dirty = status !== p.status || qualification !== p.qualification;
  return (
    <Stack gap="sm">
      <TradeProblem error={save.error} onClose={() => save.reset()} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select label={t('tradeStaff.fields.status')} value={status} onChange={(v) => v && setStatus(v as ProviderStatus)} allowDeselect={false}
          data={(['active', 'suspended'] as const).map((s) => ({ value: s, label: t(`tradeStaff.providers.status.${s}`) }))}
          comboboxProps={{ withinPortal: true }} data-testid="provider-status" />
        <Select label={t('tradeStaff.providers.qualificationLabel')} value={qualification} onChange={(v) => v && setQualification(v as Qualification)} allowDeselect={false}
          data={QUALIFICATIONS.map((q) => ({ value: q, label: t(`tradeStaff.providers.qualification.${q}`) }))} comboboxProps={{ withinPortal: true }}
          data-testid="provider-qualification" />
      </SimpleGrid>
      <Group justify="flex-end"><Button disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()} data-testid="provider-save">{t('common.save')}</Button></Group>
    </Stack>
  );
}

/** Rotating the merchant credentials: the new values are sent once; the page never shows stored ones (PL-PAY-03). */
function RotateCredentials({ p }: { p: Provider }) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const form = useForm<Credentials>({ initialValues: { merchantId: '', apiKey: '', webhookSecret: '' }, validate: credentialRules(t) });
  const rotate = useMutation({
    mutationFn: (v: Credentials) => adminApi.rotateCredentials(p.id, { merchantId: v.merchantId.trim(), apiKey: v.apiKey, webhookSecret: v.webhookSecret }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.providers });
      notifications.show({ color: 'green', message: t('tradeStaff.providers.rotated') });
      close();
    },
  });
  const close = () => { form.reset(); rotate.reset(); setOpen(false); };
  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <IconLock size={20} color="var(--mantine-color-green-7)" />
        <Stack gap={2}>
          <Text size="sm">{t('tradeStaff.providers.credentialsStored')}</Text>
          <Text size="xs" c="dimmed">{p.credentialsRotatedAt ? t('tradeStaff.providers.rotatedAt', { time: f.dateTime(p.credentialsRotatedAt) }) : t('tradeStaff.providers.neverRotated')}</Text>
        </Stack>
      </Group>
      <Group justify="flex-end">
        <Button variant="light" leftSection={<IconKey size={16} />} onClick={() => setOpen(true)} data-testid="credentials-rotate">{t('tradeStaff.providers.rotate')}</Button>
      </Group>
      <Modal opened={open} onClose={close} title={t('tradeStaff.providers.rotateTitle', { name: p.name })} size="md" data-testid="credentials-dialog">
        <form noValidate onSubmit={form.onSubmit((v) => rotate.mutate(v))}>
          <Stack gap="sm">
            <TradeProblem error={rotate.error} />
            <Alert color="yellow" variant="light">{t('tradeStaff.providers.rotateHint')}</Alert>
            <CredentialFields form={form} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
              <Button type="submit" color="orange" loading={rotate.isPending} data-testid="credentials-submit">{t('tradeStaff.providers.rotate')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

type ContractForm = { number: string; parties: string; validFrom: string | null; validTo: string | null; feePct: number | string; settlementTerms: string; refundTerms: string };

function ContractModal({ p, opened, onClose }: { p: Provider; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useForm<ContractForm>({
    initialValues: { number: '', parties: '', validFrom: null, validTo: null, feePct: 0.6, settlementTerms: '', refundTerms: '' },
    validate: {
      number: (v) => (v.trim() ? null : t('tradeStaff.validation.required')),
      parties: (v) => (v.trim() ? null : t('tradeStaff.validation.required')),
      validFrom: (v) => (v ? null : t('tradeStaff.validation.required')),
      validTo: (v, all) => (!v ? t('tradeStaff.validation.required') : all.validFrom && v < all.validFrom ? t('tradeStaff.validation.dateOrder') : null),
    },
  });
  const add = useMutation({
    mutationFn: (v: ContractForm) => adminApi.addContract(p.id, {
      number: v.number.trim(), parties: v.parties.trim(), validFrom: dayjs(v.validFrom).format('YYYY-MM-DD'), validTo: dayjs(v.validTo).format('YYYY-MM-DD'),
      // Percent with up to 2 decimals → basis points, by string so 0.6 % is 60 bp exactly.
      feeBp: Math.round(Number(String(v.feePct)) * 100), settlementTerms: v.settlementTerms.trim(), refundTerms: v.refundTerms.trim(),
    }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('tradeStaff.providers.contractAdded') });
      close();
    },
  });
  const close = () => { form.reset(); add.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={t('tradeStaff.providers.addContract')} size="lg" data-testid="contract-dialog">
      <form noValidate onSubmit={form.onSubmit((v) => add.mutate(v))}>
        <Stack gap="sm">
          <TradeProblem error={add.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('tradeStaff.providers.contractNo')} required maxLength={64} data-autofocus data-testid="contract-number" {...form.getInputProps('number')} />
            <NumberInput label={t('tradeStaff.providers.fee')} min={0} max={100} decimalScale={2} suffix=" %" data-testid="contract-fee" {...form.getInputProps('feePct')} />
            <DateInput label={t('tradeStaff.providers.validFrom')} required valueFormat="YYYY-MM-DD" data-testid="contract-from" {...form.getInputProps('validFrom')} />
            <DateInput label={t('tradeStaff.providers.validTo')} required valueFormat="YYYY-MM-DD" data-testid="contract-to" {...form.getInputProps('validTo')} />
          </SimpleGrid>
          <TextInput label={t('tradeStaff.providers.parties')} required maxLength={500} data-testid="contract-parties" {...form.getInputProps('parties')} />
          <Textarea label={t('tradeStaff.providers.settlementTerms')} autosize minRows={2} maxLength={2000} {...form.getInputProps('settlementTerms')} />
          <Textarea label={t('tradeStaff.providers.refundTerms')} autosize minRows={2} maxLength={2000} {...form.getInputProps('refundTerms')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={add.isPending} data-testid="contract-submit">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** One payment provider: status, qualification, credentials (write-only rotation) and contracts (PL-PAY-01). */
export function ProviderDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useTradeFmt();
  const me = useMe();
  const manage = can(me.data, 'payment:manage');
  const [adding, setAdding] = useState(false);
  const providers = useQuery({ queryKey: keys.providers, queryFn: adminApi.providers });
  const contracts = useQuery({ queryKey: keys.contracts(id), queryFn: () => adminApi.contracts(id) });
  if (providers.isPending) return <Loading />;
  const p = providers.data?.items.find((x) => x.id === id);
  if (!p) return <Page title={t('tradeStaff.providers.title')}><TradeProblem error={providers.error} />{!providers.error && <Text c="dimmed">{t('tradeStaff.providers.notFound')}</Text>}</Page>;
  return (
    <Page title={<span translate="no">{p.name}</span>} description={<span className="shiji-mono" translate="no">{p.code}</span>}
      actions={<Button variant="subtle" leftSection={<IconArrowLeft size={16} />} component={Link} to="/admin/trade/providers">{t('tradeStaff.providers.back')}</Button>}>
      <Group gap="sm">
        <OfferableBadge p={p} />
        <QualificationBadge q={p.qualification} />
        {!p.adapterInstalled && <Badge tt="none" color="red" variant="light">{t('tradeStaff.providers.noAdapter')}</Badge>}
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section title={t('tradeStaff.providers.statusTitle')}>
            {manage ? <StatusForm key={`${p.status}-${p.qualification}`} p={p} /> : (
              <SimpleGrid cols={2}>
                <Fact label={t('tradeStaff.fields.status')}>{t(`tradeStaff.providers.status.${p.status}`)}</Fact>
                <Fact label={t('tradeStaff.providers.qualificationLabel')}><QualificationBadge q={p.qualification} /></Fact>
              </SimpleGrid>
            )}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section title={t('tradeStaff.providers.credentials')} testid="provider-credentials">
            {manage ? <RotateCredentials p={p} /> : <Text size="sm">{t('tradeStaff.providers.credentialsStored')}</Text>}
          </Section>
        </Grid.Col>
      </Grid>
      <Section title={t('tradeStaff.providers.contracts')} padding={0}
        actions={manage && <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)} data-testid="contract-new">{t('tradeStaff.providers.addContract')}</Button>}>
        <TradeProblem error={contracts.error} />
        {contracts.isPending ? <Loading /> : (contracts.data?.items.length ?? 0) === 0
          ? <Text size="sm" c="dimmed" px="lg" pb="md">{t('tradeStaff.providers.noContract')}</Text>
          : (
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" data-testid="contracts-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('tradeStaff.providers.contractNo')}</Table.Th>
                    <Table.Th>{t('tradeStaff.providers.parties')}</Table.Th>
                    <Table.Th>{t('tradeStaff.providers.validity')}</Table.Th>
                    <Table.Th ta="right">{t('tradeStaff.providers.fee')}</Table.Th>
                    <Table.Th>{t('tradeStaff.providers.terms')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {contracts.data!.items.map((c) => (
                    <Table.Tr key={c.id} data-testid="contract-row" data-in-force={c.inForce ? 'true' : 'false'}>
                      <Table.Td>
                        <Text size="sm" className="shiji-mono" translate="no">{c.number}</Text>
                        {c.inForce && <Badge size="xs" tt="none" color="green" variant="light">{t('tradeStaff.providers.inForce')}</Badge>}
                      </Table.Td>
                      <Table.Td maw={240}><Text size="sm" lineClamp={2} translate="no">{c.parties}</Text></Table.Td>
                      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{t('tradeStaff.providers.validRange', { from: f.date(c.validFrom), to: f.date(c.validTo) })}</Text></Table.Td>
                      <Table.Td ta="right">{f.bp(c.feeBp)}</Table.Td>
                      <Table.Td maw={300}>
                        {c.settlementTerms && <Text size="xs" lineClamp={2} translate="no">{c.settlementTerms}</Text>}
                        {c.refundTerms && <Text size="xs" c="dimmed" lineClamp={2} translate="no">{c.refundTerms}</Text>}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
      </Section>
      <Card withBorder radius="lg" padding="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Fact label={t('tradeStaff.providers.webhook')}><Text size="sm" className="shiji-mono" translate="no">/api/webhooks/payments/{p.code}</Text></Fact>
          <Fact label={t('tradeStaff.fields.createdAt')}>{f.dateTime(p.createdAt)}</Fact>
          <Fact label={t('tradeStaff.fields.updatedAt')}>{f.dateTime(p.updatedAt)}</Fact>
        </SimpleGrid>
      </Card>
      {manage && <ContractModal p={p} opened={adding} onClose={() => setAdding(false)} />}
    </Page>
  );
}
