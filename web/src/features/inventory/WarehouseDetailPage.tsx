import { ActionIcon, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconListNumbers, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Field, Loading, Page } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useAreaBase } from '../../lib/use-area';
import { keys, type StorageLocation, type Warehouse } from './api';
import { SkuMultiSelect, useSkuNames } from './fields';
import { LocationModal, WarehouseModal } from './forms';
import { InventoryProblem } from './InventoryProblem';
import { SkuName, skuText } from './SkuName';

/** Most SKUs one pick list may name (the API's limit). */
const MAX_PICK = 200;

function WarehouseFacts({ w, onEdit }: { w: Warehouse; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Card withBorder radius="lg" padding="lg">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={4}>{t('inventory.warehouses.detail')}</Title>
        <Button variant="light" size="compact-sm" leftSection={<IconPencil size={14} />} onClick={onEdit} data-testid="warehouse-edit">
          {t('inventory.warehouses.edit')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
        <Field label={t('inventory.fields.code')}><span className="shiji-mono" translate="no">{w.code}</span></Field>
        <Field label={t('inventory.fields.status')}>
          <Badge color={w.active ? 'green' : 'gray'} variant="light">{w.active ? t('inventory.warehouses.active') : t('inventory.warehouses.inactive')}</Badge>
        </Field>
        <Field label={t('inventory.fields.priority')}>{w.priority}</Field>
        <Field label={t('inventory.fields.region')}>{w.region}</Field>
        <Field label={t('inventory.fields.address')}>{w.address}</Field>
        <Field label={t('inventory.fields.coordinates')}>{w.latitude !== null && w.longitude !== null ? `${w.latitude}, ${w.longitude}` : t('inventory.none')}</Field>
        <Field label={t('inventory.fields.capacity')}>{w.capacity ?? t('inventory.none')}</Field>
        <Field label={t('fields.createdAt')}>{formatDateTime(w.createdAt, i18n.language)}</Field>
        <Field label={t('fields.updatedAt')}>{formatDateTime(w.updatedAt, i18n.language)}</Field>
      </SimpleGrid>
    </Card>
  );
}

function Locations({ warehouseId }: { warehouseId: string }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<StorageLocation | 'new' | null>(null);
  const list = usePagedList(keys.locations(warehouseId), (cursor) => unwrap(api.GET('/api/seller/warehouses/{id}/locations', {
    params: { path: { id: warehouseId }, query: { limit: '50', cursor } } })));
  const last = list.items[list.items.length - 1];
  return (
    <Card withBorder radius="lg" padding={0}>
      <Group justify="space-between" p="md" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Title order={4}>{t('inventory.locations.title')}</Title>
          <Text size="xs" c="dimmed">{t('inventory.locations.hint')}</Text>
        </Stack>
        <Button size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')} data-testid="location-new">{t('inventory.locations.new')}</Button>
      </Group>
      <InventoryProblem error={list.error} />
      {list.isPending ? <Loading /> : list.items.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" data-testid="location-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th ta="right" w={80}>{t('inventory.fields.pickSequence')}</Table.Th>
                <Table.Th>{t('inventory.fields.code')}</Table.Th>
                <Table.Th>{t('inventory.fields.zone')}</Table.Th>
                <Table.Th ta="right">{t('inventory.fields.stored')}</Table.Th>
                <Table.Th>{t('inventory.fields.conditions')}</Table.Th>
                <Table.Th w={48}><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((l) => (
                <Table.Tr key={l.id} data-testid="location-row">
                  <Table.Td ta="right">{l.pickSequence}</Table.Td>
                  <Table.Td><Text size="sm" className="shiji-mono" translate="no">{l.code}</Text></Table.Td>
                  <Table.Td>{l.zone || t('inventory.none')}</Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" c={l.capacity !== null && l.onHand >= l.capacity ? 'red.8' : undefined}>
                      {l.capacity === null ? l.onHand : t('inventory.locations.usage', { stored: l.onHand, capacity: l.capacity })}
                    </Text>
                  </Table.Td>
                  <Table.Td><Text size="sm" lineClamp={2}>{l.conditions || t('inventory.none')}</Text></Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="gray" aria-label={t('common.edit')} onClick={() => setEditing(l)} data-testid="location-edit">
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore list={list} />
      {editing && <LocationModal warehouseId={warehouseId} location={editing === 'new' ? undefined : editing} opened onClose={() => setEditing(null)}
        nextSequence={last ? last.pickSequence + 10 : 10} />}
    </Card>
  );
}

/** MS-WHS-03: the given SKUs sorted along this warehouse's picking route. */
function PickListTool({ warehouseId }: { warehouseId: string }) {
  const { t } = useTranslation();
  const [skuIds, setSkuIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (skuIds: string[]) => unwrap(api.GET('/api/seller/warehouses/{id}/pick-list', {
      params: { path: { id: warehouseId }, query: { skuIds: skuIds.join(',') } } })),
  });
  const missing = useSkuNames(run.data?.missingSkuIds ?? []);
  const submit = () => {
    if (skuIds.length === 0) return setError(t('inventory.pick.needSkus'));
    if (skuIds.length > MAX_PICK) return setError(t('inventory.pick.tooMany'));
    setError(null);
    run.mutate(skuIds);
  };
  return (
    <Card withBorder radius="lg" padding="md">
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={4}>{t('inventory.pick.title')}</Title>
          <Text size="xs" c="dimmed">{t('inventory.pick.hint')}</Text>
        </Stack>
        <form noValidate onSubmit={(e) => { e.preventDefault(); submit(); }} data-testid="pick-form">
          <Stack gap="sm">
            <SkuMultiSelect value={skuIds} onChange={(ids) => { setSkuIds(ids); setError(null); }} error={error} max={MAX_PICK} testId="pick-skus" />
            <Group justify="flex-end">
              <Button type="submit" variant="light" leftSection={<IconListNumbers size={16} />} loading={run.isPending} data-testid="pick-run">
                {t('inventory.pick.run')}
              </Button>
            </Group>
          </Stack>
        </form>
        <InventoryProblem error={run.error} />
        {run.data && (
          <Stack gap="xs" data-testid="pick-result">
            <Table.ScrollContainer minWidth={420}>
              <Table verticalSpacing="xs" withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={60}>{t('inventory.pick.step')}</Table.Th>
                    <Table.Th>{t('inventory.fields.location')}</Table.Th>
                    <Table.Th>{t('inventory.fields.sku')}</Table.Th>
                    <Table.Th ta="right">{t('inventory.fields.available')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {run.data.items.map((i, n) => (
                    <Table.Tr key={i.skuId} data-testid="pick-line">
                      <Table.Td>{n + 1}</Table.Td>
                      <Table.Td>
                        {i.locationCode ? <Text size="sm" className="shiji-mono" translate="no">{i.locationCode}</Text>
                          : <Text size="sm" c="dimmed">{t('inventory.pick.noLocation')}</Text>}
                        {i.zone && <Text size="xs" c="dimmed">{i.zone}</Text>}
                      </Table.Td>
                      <Table.Td><SkuName sku={i} /></Table.Td>
                      <Table.Td ta="right">{i.available}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {run.data.missingSkuIds.length > 0 && (
              <Text size="sm" c="orange.8" data-testid="pick-missing">
                {t('inventory.pick.missing')}{' '}
                {run.data.missingSkuIds.map((id, n) => {
                  const s = missing.get(id);
                  return <Text span key={id} title={id} className={s ? undefined : 'shiji-mono'}>{n > 0 ? t('inventory.listSeparator') : ''}{s ? skuText(s) : id}</Text>;
                })}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** One warehouse: its register entry (editable), storage locations with the walk sequence, and a pick list. */
export function WarehouseDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const base = useAreaBase();
  const [editing, setEditing] = useState(false);
  const w = useQuery({ queryKey: keys.warehouse(id), queryFn: () => unwrap(api.GET('/api/seller/warehouses/{id}', { params: { path: { id } } })) });
  return (
    <Page title={w.data?.name ?? t('inventory.warehouses.detail')}
      description={<Anchor component={Link} to={`${base}/warehouses`} size="sm">← {t('inventory.warehouses.back')}</Anchor>}>
      <InventoryProblem error={w.error} />
      {w.isPending ? <Loading /> : w.data && (
        <Stack gap="lg">
          <WarehouseFacts w={w.data} onEdit={() => setEditing(true)} />
          <Locations warehouseId={w.data.id} />
          <PickListTool warehouseId={w.data.id} />
          {editing && <WarehouseModal key={w.data.updatedAt} warehouse={w.data} opened onClose={() => setEditing(false)} />}
        </Stack>
      )}
    </Page>
  );
}
