import { Badge, Button, Card, EmptyState, Group, Modal, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconMapPin, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AddressForm } from './AddressForm';
import { useAddresses, useDeleteAddress, useSaveAddress, type Address } from './api';
import { AccountFrame } from './parts';
import { TradeProblem } from './TradeProblem';

function AddressCard({ address: a, onEdit }: { address: Address; onEdit: () => void }) {
  const { t } = useTranslation();
  const del = useDeleteAddress();
  const save = useSaveAddress();
  const confirmDelete = () => modals.openConfirmModal({
    title: t('tradeStore.addresses.deleteTitle'),
    children: <Text size="sm">{t('tradeStore.addresses.deleteBody')}</Text>,
    labels: { confirm: t('tradeStore.addresses.delete'), cancel: t('common.cancel') },
    confirmProps: { color: 'red', 'data-testid': 'address-delete-confirm' } as Record<string, unknown>,
    onConfirm: () => del.mutate(a.id, { onSuccess: () => notifications.show({ color: 'green', message: t('tradeStore.addresses.deleted') }) }),
  });
  return (
    <Card withBorder radius="md" padding="md" data-testid="address-card" data-address-id={a.id} data-default={a.isDefault}
      style={a.isDefault ? { borderColor: 'var(--mantine-color-brand-4)' } : undefined}>
      <Stack gap="xs" h="100%">
        <Group gap={8} wrap="wrap">
          <Text fw={600} translate="no">{a.recipient}</Text>
          <Text size="sm" translate="no">{a.phone}</Text>
          {a.isDefault && <Badge size="sm" radius="sm" tt="none" data-testid="address-default-badge">{t('tradeStore.addresses.default')}</Badge>}
          {a.label && <Badge size="sm" radius="sm" variant="outline" color="gray" tt="none" translate="no">{a.label}</Badge>}
        </Group>
        <Text size="sm" c="dimmed" translate="no" style={{ flex: 1 }}>{a.region}<br />{a.detail}</Text>
        <TradeProblem error={del.error ?? save.error} />
        <Group gap="xs" justify="flex-end">
          {!a.isDefault && (
            <Button variant="subtle" size="compact-sm" loading={save.isPending} data-testid="address-make-default"
              onClick={() => save.mutate({ id: a.id, input: { isDefault: true } })}>
              {t('tradeStore.addresses.setDefault')}
            </Button>
          )}
          <Button variant="subtle" size="compact-sm" onClick={onEdit} data-testid="address-edit">{t('tradeStore.addresses.edit')}</Button>
          <Button variant="subtle" color="red" size="compact-sm" loading={del.isPending} onClick={confirmDelete} data-testid="address-delete">
            {t('tradeStore.addresses.delete')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The address book (/account/addresses): list, add, edit, delete, choose the default. */
export function AddressesPage() {
  const { t } = useTranslation();
  const q = useAddresses();
  const [editing, setEditing] = useState<Address | 'new' | null>(null);
  const list = q.data ?? [];
  return (
    <AccountFrame>
      <Stack gap="md" data-testid="addresses-page">
        <Group justify="space-between" align="center">
          <Title order={1} fz={{ base: 22, sm: 26 }}>{t('tradeStore.addresses.title')}</Title>
          {list.length > 0 && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="address-add">{t('tradeStore.addresses.add')}</Button>}
        </Group>
        {q.error && <TradeProblem error={q.error} />}
        {q.isPending && <SimpleGrid cols={{ base: 1, sm: 2 }}>{[0, 1].map((i) => <Skeleton key={i} h={140} radius="md" />)}</SimpleGrid>}
        {!q.isPending && !q.error && list.length === 0 && (
          <EmptyState icon={<IconMapPin size={40} />} withIndicatorBackground size="lg" data-testid="addresses-empty"
            title={t('tradeStore.addresses.emptyTitle')} description={t('tradeStore.addresses.emptyBody')}>
            <EmptyState.Actions><Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="address-add">{t('tradeStore.addresses.add')}</Button></EmptyState.Actions>
          </EmptyState>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {list.map((a) => <AddressCard key={a.id} address={a} onEdit={() => setEditing(a)} />)}
        </SimpleGrid>
      </Stack>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} size="lg" centered
        title={editing === 'new' ? t('tradeStore.addresses.formTitleNew') : t('tradeStore.addresses.formTitleEdit')}>
        {editing !== null && (
          <AddressForm address={editing === 'new' ? null : editing} defaultChecked={list.length === 0}
            onSaved={() => setEditing(null)} onCancel={() => setEditing(null)} />
        )}
      </Modal>
    </AccountFrame>
  );
}
