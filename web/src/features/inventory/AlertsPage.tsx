import { Button, Group } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { Page } from '../../components/Page';
import { usePagedList } from '../../lib/paging';
import { keys, type AlertStatus } from './api';
import { AlertList, AlertStatusFilter } from './AlertList';
import { InventoryProblem } from './InventoryProblem';

/** 库存预警: the shop's open and resolved stock-level alerts (MS-WHS-04). */
export function AlertsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<AlertStatus>('open');
  const list = usePagedList(keys.alerts({ status }), (cursor) => unwrap(api.GET('/api/seller/stock/alerts', {
    params: { query: { limit: PAGE_SIZE, cursor, status } } })));
  return (
    <Page title={t('inventory.alerts.title')} description={t('inventory.alerts.hint')}
      actions={<Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => list.refetch()} loading={list.isRefetching}>{t('common.refresh')}</Button>}>
      <Group><AlertStatusFilter value={status} onChange={setStatus} /></Group>
      <InventoryProblem error={list.error} />
      <AlertList list={list} />
    </Page>
  );
}
