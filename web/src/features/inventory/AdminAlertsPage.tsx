import { Button, Group, Select } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Page } from '../../components/Page';
import { usePagedList } from '../../lib/paging';
import { keys, type AlertStatus } from './api';
import { AlertList, AlertStatusFilter } from './AlertList';
import { InventoryProblem } from './InventoryProblem';

/** 低库存预警 (operator): stock-level alerts across all sellers, filterable by status and seller. */
export function AdminAlertsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [status, setStatus] = useState<AlertStatus>('open');
  const [sellerId, setSellerId] = useState<string | null>(null);
  // The seller picker needs organisation read access; without it the list still shows every seller's alerts.
  const sellers = useQuery({ queryKey: ['admin', 'organisations', 'seller', 'picker'], enabled: can(me.data, 'org:read'), staleTime: 5 * 60_000,
    queryFn: async () => (await unwrap(api.GET('/api/admin/organisations', { params: { query: { kind: 'seller', limit: '100' } } }))).items });
  const list = usePagedList(keys.adminAlerts({ status, sellerId }), (cursor) => unwrap(api.GET('/api/admin/inventory/alerts', {
    params: { query: { limit: PAGE_SIZE, cursor, status, ...(sellerId ? { sellerId } : {}) } } })));
  return (
    <Page title={t('inventory.admin.alertsTitle')} description={t('inventory.admin.alertsHint')}
      actions={<Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => list.refetch()} loading={list.isRefetching}>{t('common.refresh')}</Button>}>
      <Group gap="sm" wrap="wrap">
        <AlertStatusFilter value={status} onChange={setStatus} />
        {sellers.data && (
          <Select aria-label={t('inventory.admin.sellerFilter')} placeholder={t('inventory.admin.allSellers')} clearable searchable value={sellerId}
            onChange={setSellerId} data={sellers.data.map((o) => ({ value: o.id, label: o.name }))} style={{ flex: '1 1 200px' }} maw={320}
            comboboxProps={{ withinPortal: true }} data-testid="admin-alert-seller" />
        )}
      </Group>
      <InventoryProblem error={list.error ?? sellers.error} />
      <AlertList list={list} withSeller />
    </Page>
  );
}
