import { Badge, Card, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { LoadMore } from '../../lib/paging';
import { Loading } from '../../components/Page';
import { ALERT_STATUSES, type AlertStatus, type StockAlert } from './api';
import { SkuName } from './SkuName';

type Alert = StockAlert & { sellerName?: string };
type PagedAlerts = { items: Alert[]; isPending: boolean; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

export function AlertStatusFilter({ value, onChange }: { value: AlertStatus; onChange: (s: AlertStatus) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl value={value} onChange={(v) => onChange(v as AlertStatus)} aria-label={t('inventory.fields.status')} data-testid="alert-status"
      data={ALERT_STATUSES.map((s) => ({ value: s, label: t(`inventory.alerts.status.${s}`) }))} />
  );
}

function KindBadge({ a }: { a: Alert }) {
  const { t } = useTranslation();
  return (
    <Badge color={a.status === 'resolved' ? 'gray' : a.kind === 'low' ? 'red' : 'orange'} variant="light">
      {t(`inventory.alerts.kinds.${a.kind}`)}
    </Badge>
  );
}

/** Stock-level alerts (MS-WHS-04) as a table (cards on phones); with `withSeller` the seller's name too (operator view). */
export function AlertList({ list, withSeller = false }: { list: PagedAlerts; withSeller?: boolean }) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const level = (a: Alert) => t(a.kind === 'low' ? 'inventory.alerts.lowLine' : 'inventory.alerts.overLine', { available: a.available, threshold: a.threshold });
  if (phone) {
    return (
      <Stack gap="sm" data-testid="alert-cards">
        {list.isPending ? <Loading /> : list.items.map((a) => (
          <Card key={a.id} withBorder radius="md" padding="sm" data-testid="alert-row" data-kind={a.kind} data-status={a.status}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                <KindBadge a={a} />
                {withSeller && <Text size="sm" truncate>{a.sellerName}</Text>}
              </Group>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.createdAt, i18n.language)}</Text>
            </Group>
            <div style={{ marginTop: 6 }}><SkuName sku={a} /></div>
            <Text size="xs" c="dimmed" mt={2}>{a.warehouseName}</Text>
            <Text size="sm" mt={4} fw={500}>{level(a)}</Text>
            {a.resolvedAt && (
              <Text size="xs" c="dimmed">{t('inventory.fields.resolvedAt')} {formatDateTime(a.resolvedAt, i18n.language)}</Text>
            )}
          </Card>
        ))}
        <LoadMore list={list} />
      </Stack>
    );
  }
  return (
    <Card withBorder radius="lg" padding={0}>
      {list.isPending ? <Loading /> : list.items.length > 0 && (
        <Table.ScrollContainer minWidth={withSeller ? 820 : 680}>
          <Table verticalSpacing="sm" data-testid="alert-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('inventory.fields.kind')}</Table.Th>
                {withSeller && <Table.Th>{t('inventory.fields.seller')}</Table.Th>}
                <Table.Th>{t('inventory.fields.sku')}</Table.Th>
                <Table.Th>{t('inventory.fields.warehouse')}</Table.Th>
                <Table.Th>{t('inventory.fields.available')}</Table.Th>
                <Table.Th>{t('inventory.fields.since')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((a) => (
                <Table.Tr key={a.id} data-testid="alert-row" data-kind={a.kind} data-status={a.status}>
                  <Table.Td><KindBadge a={a} /></Table.Td>
                  {withSeller && <Table.Td><Text size="sm">{a.sellerName}</Text></Table.Td>}
                  <Table.Td maw={300}><SkuName sku={a} /></Table.Td>
                  <Table.Td><Text size="sm">{a.warehouseName}</Text></Table.Td>
                  <Table.Td>
                    <Text size="sm">{level(a)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.createdAt, i18n.language)}</Text>
                      {a.resolvedAt && (
                        <Group gap={4} wrap="nowrap">
                          <Text size="xs" c="dimmed">{t('inventory.fields.resolvedAt')}</Text>
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.resolvedAt, i18n.language)}</Text>
                        </Group>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore list={list} />
    </Card>
  );
}
