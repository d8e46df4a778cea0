import { ActionIcon, Badge, Button, Card, Group, Menu, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconAdjustments, IconArrowsExchange, IconDots, IconHistory, IconPlus, IconSearch, IconTransfer } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useAreaBase } from '../../lib/use-area';
import { keys, useAllWarehouses, warehouseLabel, type StockRow } from './api';
import { MovementModal, SettingsModal, TransferModal } from './forms';
import { InventoryProblem } from './InventoryProblem';
import { SkuName } from './SkuName';

type Dialog = { kind: 'movement' | 'transfer'; row?: StockRow } | { kind: 'settings'; row: StockRow } | null;

/** A stock row's state against its thresholds. */
function LevelBadge({ row }: { row: StockRow }) {
  const { t } = useTranslation();
  if (row.lowThreshold !== null && row.available <= row.lowThreshold) return <Badge color="red" variant="light" data-testid="stock-low">{t('inventory.stock.low')}</Badge>;
  if (row.maxThreshold !== null && row.available > row.maxThreshold) return <Badge color="orange" variant="light">{t('inventory.stock.over')}</Badge>;
  return null;
}

function RowMenu({ row, open }: { row: StockRow; open: (d: Dialog) => void }) {
  const { t } = useTranslation();
  const base = useAreaBase();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('inventory.stock.moreActions')} data-testid="stock-row-menu"><IconDots size={18} /></ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => open({ kind: 'movement', row })} data-testid="stock-row-movement">{t('inventory.stock.record')}</Menu.Item>
        <Menu.Item leftSection={<IconTransfer size={16} />} onClick={() => open({ kind: 'transfer', row })}>{t('inventory.stock.transfer')}</Menu.Item>
        <Menu.Item leftSection={<IconAdjustments size={16} />} onClick={() => open({ kind: 'settings', row })} data-testid="stock-row-settings">{t('inventory.stock.settings')}</Menu.Item>
        <Menu.Item leftSection={<IconHistory size={16} />} component={Link}
          to={`${base}/stock-movements?skuId=${encodeURIComponent(row.skuId)}&warehouseId=${encodeURIComponent(row.warehouseId)}`}>
          {t('inventory.stock.history')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

const thresholds = (r: StockRow, none: string) => `${r.lowThreshold ?? none} / ${r.maxThreshold ?? none}`;

/** 库存: on hand, reserved and available per SKU and warehouse, with movement, transfer and threshold forms (PL-WHS-01, MS-WHS-04). */
export function StockPage() {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const warehouses = useAllWarehouses();
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const [below, setBelow] = useState(false);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [dialog, setDialog] = useState<Dialog>(null);
  const filter = { warehouseId, below, q };
  const list = usePagedList(keys.stock(filter), (cursor) => unwrap(api.GET('/api/seller/stock', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(warehouseId ? { warehouseId } : {}), ...(below ? { belowThreshold: 'true' as const } : {}),
      ...(q ? { q } : {}) } },
  })));
  const none = t('inventory.none');
  return (
    <Page title={t('inventory.stock.title')} description={t('inventory.stock.hint')}
      actions={<>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'movement' })} data-testid="stock-record">{t('inventory.stock.record')}</Button>
        <Button variant="default" leftSection={<IconArrowsExchange size={16} />} onClick={() => setDialog({ kind: 'transfer' })} data-testid="stock-transfer">
          {t('inventory.stock.transfer')}
        </Button>
      </>}>
      <Group gap="sm" wrap="wrap" align="center">
        <Select aria-label={t('inventory.fields.warehouse')} placeholder={t('inventory.stock.allWarehouses')} clearable value={warehouseId} onChange={setWarehouseId}
          data={(warehouses.data ?? []).map((w) => ({ value: w.id, label: warehouseLabel(w) }))} style={{ flex: '1 1 200px' }} maw={320}
          comboboxProps={{ withinPortal: true }} data-testid="stock-filter-warehouse" />
        <TextInput type="search" aria-label={t('inventory.stock.searchSku')} placeholder={t('inventory.stock.searchSku')} leftSection={<IconSearch size={16} />}
          value={search} onChange={(e) => setSearch(e.currentTarget.value)} style={{ flex: '1 1 240px' }} maw={360} maxLength={100}
          data-testid="stock-filter-sku" />
        <Switch label={t('inventory.stock.belowOnly')} checked={below} onChange={(e) => setBelow(e.currentTarget.checked)} data-testid="stock-filter-below" />
      </Group>
      <InventoryProblem error={list.error} />
      {list.isPending ? <Loading /> : phone ? (
        <Stack gap="sm" data-testid="stock-cards">
          {list.items.length === 0 && !list.error && <Text c="dimmed" size="sm" ta="center" py="lg">{t('inventory.stock.empty')}</Text>}
          {list.items.map((r) => (
            <Card key={`${r.skuId}/${r.warehouseId}`} withBorder radius="md" padding="sm" data-testid="stock-row">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <SkuName sku={r} />
                  <Text size="xs" c="dimmed">{warehouseLabel({ name: r.warehouseName, code: r.warehouseCode })}{r.locationCode ? ` · ${r.locationCode}` : ''}</Text>
                  <Group gap={4}><LevelBadge row={r} /></Group>
                </Stack>
                <RowMenu row={r} open={setDialog} />
              </Group>
              <SimpleGrid cols={4} spacing={4} mt="xs">
                {([['onHand', r.onHand], ['reserved', r.reserved], ['available', r.available]] as const).map(([k, v]) => (
                  <Stack key={k} gap={0}><Text size="xs" c="dimmed">{t(`inventory.fields.${k}`)}</Text><Text size="sm" fw={k === 'available' ? 600 : 400}>{v}</Text></Stack>
                ))}
                <Stack gap={0}><Text size="xs" c="dimmed">{t('inventory.stock.thresholds')}</Text><Text size="sm">{thresholds(r, none)}</Text></Stack>
              </SimpleGrid>
            </Card>
          ))}
          {list.items.length > 0 && <LoadMore list={list} />}
        </Stack>
      ) : (
        <Card withBorder radius="lg" padding={0}>
          {list.items.length > 0 && (
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="sm" highlightOnHover data-testid="stock-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('inventory.fields.sku')}</Table.Th>
                    <Table.Th>{t('inventory.fields.warehouse')}</Table.Th>
                    <Table.Th>{t('inventory.fields.location')}</Table.Th>
                    <Table.Th ta="right">{t('inventory.fields.onHand')}</Table.Th>
                    <Table.Th ta="right">{t('inventory.fields.reserved')}</Table.Th>
                    <Table.Th ta="right">{t('inventory.fields.available')}</Table.Th>
                    <Table.Th ta="right">{t('inventory.stock.thresholds')}</Table.Th>
                    <Table.Th />
                    <Table.Th w={48} aria-label={t('inventory.stock.actions')} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.items.map((r) => (
                    <Table.Tr key={`${r.skuId}/${r.warehouseId}`} data-testid="stock-row">
                      <Table.Td maw={320}><SkuName sku={r} copyable /></Table.Td>
                      <Table.Td><Text size="sm">{warehouseLabel({ name: r.warehouseName, code: r.warehouseCode })}</Text></Table.Td>
                      <Table.Td><Text size="sm" className="shiji-mono" translate="no">{r.locationCode ?? none}</Text></Table.Td>
                      <Table.Td ta="right">{r.onHand}</Table.Td>
                      <Table.Td ta="right">{r.reserved}</Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={600}>{r.available}</Text></Table.Td>
                      <Table.Td ta="right"><Text size="sm" c="dimmed">{thresholds(r, none)}</Text></Table.Td>
                      <Table.Td><LevelBadge row={r} /></Table.Td>
                      <Table.Td><RowMenu row={r} open={setDialog} /></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {list.items.length === 0 && !list.error
            ? <Text c="dimmed" size="sm" ta="center" py="lg">{t('inventory.stock.empty')}</Text>
            : <LoadMore list={list} />}
        </Card>
      )}
      {dialog?.kind === 'movement' && <MovementModal opened onClose={() => setDialog(null)}
        initial={dialog.row ? { skuId: dialog.row.skuId, warehouseId: dialog.row.warehouseId } : undefined} />}
      {dialog?.kind === 'transfer' && <TransferModal opened onClose={() => setDialog(null)}
        initial={dialog.row ? { skuId: dialog.row.skuId, warehouseId: dialog.row.warehouseId } : undefined} />}
      {dialog?.kind === 'settings' && <SettingsModal row={dialog.row} opened onClose={() => setDialog(null)} />}
    </Page>
  );
}
