import { Anchor, Badge, Button, Card, Stack, Switch, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useAreaBase } from '../../lib/use-area';
import { keys } from './api';
import { WarehouseModal } from './forms';
import { InventoryProblem } from './InventoryProblem';

/** 仓库: the shop's warehouse register (MS-WHS-01), with a form to add one. */
export function WarehousesPage() {
  const { t } = useTranslation();
  const base = useAreaBase();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [showInactive, setShowInactive] = useState(true);
  const list = usePagedList(keys.warehouseList({ showInactive }), (cursor) => unwrap(api.GET('/api/seller/warehouses', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(showInactive ? {} : { active: 'true' as const }) } },
  })));
  return (
    <Page title={t('inventory.warehouses.title')} description={t('inventory.warehouses.hint')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="warehouse-new">{t('inventory.warehouses.new')}</Button>}>
      <Switch label={t('inventory.warehouses.showInactive')} checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
      <InventoryProblem error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="warehouse-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('inventory.fields.name')}</Table.Th>
                  <Table.Th>{t('inventory.fields.region')}</Table.Th>
                  <Table.Th ta="right">{t('inventory.fields.priority')}</Table.Th>
                  <Table.Th>{t('inventory.fields.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((w) => (
                  <Table.Tr key={w.id} data-testid="warehouse-row" style={{ cursor: 'pointer' }} onClick={() => navigate(`${base}/warehouses/${w.id}`)}>
                    <Table.Td>
                      <Stack gap={0}>
                        <Anchor component={Link} to={`${base}/warehouses/${w.id}`} fw={500} onClick={(e) => e.stopPropagation()}>{w.name}</Anchor>
                        <Text size="xs" c="dimmed" className="shiji-mono" translate="no">{w.code}</Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{w.region}</Text>
                      <Text size="xs" c="dimmed" lineClamp={1}>{w.address}</Text>
                    </Table.Td>
                    <Table.Td ta="right"><Text size="sm">{w.priority}</Text></Table.Td>
                    <Table.Td>
                      <Badge color={w.active ? 'green' : 'gray'} variant="light">{w.active ? t('inventory.warehouses.active') : t('inventory.warehouses.inactive')}</Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
      {creating && <WarehouseModal opened onClose={() => setCreating(false)} onSaved={(w) => navigate(`${base}/warehouses/${w.id}`)} />}
    </Page>
  );
}
