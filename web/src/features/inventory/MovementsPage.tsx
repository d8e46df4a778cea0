import { Badge, Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { LoadMore, usePagedList } from '../../lib/paging';
import { keys, MOVEMENT_COLOR, useAllWarehouses, warehouseLabel } from './api';
import { SkuSelect } from './fields';
import { MovementModal } from './forms';
import { InventoryProblem } from './InventoryProblem';
import { SkuName } from './SkuName';

/** 出入库记录: every change of on-hand stock with type, quantity, document number and who made it, newest first (PL-WHS-01). */
export function MovementsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const warehouses = useAllWarehouses();
  const skuId = params.get('skuId');
  const warehouseId = params.get('warehouseId');
  const [recording, setRecording] = useState(false);
  const list = usePagedList(keys.movements({ skuId, warehouseId }), (cursor) => unwrap(api.GET('/api/seller/stock/movements', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(skuId ? { skuId } : {}), ...(warehouseId ? { warehouseId } : {}) } },
  })));
  const setParam = (name: 'skuId' | 'warehouseId') => (id: string | null) => setParams((p) => {
    const next = new URLSearchParams(p);
    if (id) next.set(name, id); else next.delete(name);
    return next;
  }, { replace: true });
  const none = t('inventory.none');
  const phone = useMediaQuery('(max-width: 48em)');
  const signed = (q: number) => (q > 0 ? `+${q}` : String(q));
  return (
    <Page title={t('inventory.movements.title')} description={t('inventory.movements.hint')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setRecording(true)} data-testid="movements-record">{t('inventory.stock.record')}</Button>}>
      <Group gap="sm" wrap="wrap">
        <SkuSelect filter label={t('inventory.movements.filterSku')} value={skuId} onChange={setParam('skuId')} testId="movements-filter-sku"
          style={{ flex: '1 1 240px', maxWidth: 360 }} />
        <Select aria-label={t('inventory.fields.warehouse')} placeholder={t('inventory.stock.allWarehouses')} clearable value={warehouseId} onChange={setParam('warehouseId')}
          data={(warehouses.data ?? []).map((w) => ({ value: w.id, label: warehouseLabel(w) }))} style={{ flex: '1 1 200px' }} maw={360}
          comboboxProps={{ withinPortal: true }} data-testid="movements-filter-warehouse" />
      </Group>
      <InventoryProblem error={list.error} />
      {phone ? (
        <Stack gap="sm" data-testid="movements-cards">
          {list.isPending ? <Loading /> : list.items.map((m) => (
            <Card key={m.id} withBorder radius="md" padding="sm" data-testid="movement-row" data-kind={m.kind}>
              <Group justify="space-between" wrap="nowrap">
                <Badge color={MOVEMENT_COLOR[m.kind]} variant="light">{t(`inventory.movement.kinds.${m.kind}`)}</Badge>
                <Text size="sm" fw={600} c={m.quantity < 0 ? 'red.8' : 'green.8'}>{signed(m.quantity)} → {m.onHandAfter}</Text>
              </Group>
              <div style={{ marginTop: 4 }}><SkuName sku={m} /></div>
              <Text size="xs" c="dimmed">{m.warehouseName} · {formatDateTime(m.createdAt, i18n.language)}</Text>
              {(m.documentNo || m.reference) && <Text size="xs" c="dimmed" className="shiji-mono" translate="no">{m.documentNo || m.reference}</Text>}
              {m.reason && <Text size="xs" lineClamp={2}>{m.reason}</Text>}
            </Card>
          ))}
          <LoadMore list={list} />
        </Stack>
      ) : (
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" data-testid="movements-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('inventory.fields.createdAt')}</Table.Th>
                  <Table.Th>{t('inventory.fields.kind')}</Table.Th>
                  <Table.Th>{t('inventory.fields.sku')}</Table.Th>
                  <Table.Th>{t('inventory.fields.warehouse')}</Table.Th>
                  <Table.Th ta="right">{t('inventory.fields.change')}</Table.Th>
                  <Table.Th ta="right">{t('inventory.fields.onHandAfter')}</Table.Th>
                  <Table.Th>{t('inventory.fields.documentNo')}</Table.Th>
                  <Table.Th>{t('inventory.fields.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((m) => (
                  <Table.Tr key={m.id} data-testid="movement-row" data-kind={m.kind}>
                    <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.createdAt, i18n.language)}</Text></Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        <Badge color={MOVEMENT_COLOR[m.kind]} variant="light">{t(`inventory.movement.kinds.${m.kind}`)}</Badge>
                        {m.reference && <Text size="xs" c="dimmed" className="shiji-mono" translate="no">{m.reference}</Text>}
                      </Stack>
                    </Table.Td>
                    <Table.Td maw={280}><SkuName sku={m} /></Table.Td>
                    <Table.Td><Text size="sm">{m.warehouseName}</Text></Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" fw={600} c={m.quantity < 0 ? 'red.8' : 'green.8'}>{signed(m.quantity)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{m.onHandAfter}</Table.Td>
                    <Table.Td><Text size="sm" className="shiji-mono" translate="no">{m.documentNo || none}</Text></Table.Td>
                    <Table.Td maw={260}><Text size="sm" lineClamp={2} title={m.reason || undefined}>{m.reason || none}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
      )}
      {recording && <MovementModal opened onClose={() => setRecording(false)}
        initial={{ ...(skuId ? { skuId } : {}), ...(warehouseId ? { warehouseId } : {}) }} />}
    </Page>
  );
}
