import { Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { keys, useAllWarehouses, useLocations, warehouseLabel } from './api';

type FieldProps = { value?: string | null; onChange?: (v: string | null) => void; error?: unknown; label?: string; testId?: string;
  required?: boolean; description?: string };

/** One of the shop's SKUs known to inventory, searched on the server by SKU or product id (until the catalog exposes names, the SKU id is the label). */
export function SkuSelect({ value, onChange, error, label, testId, required = true }: FieldProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const skus = useQuery({ queryKey: keys.skus(q), staleTime: 30_000,
    queryFn: async () => (await unwrap(api.GET('/api/seller/stock/skus', { params: { query: { limit: '50', ...(q && q !== (value ?? '') ? { q } : {}) } } }))).items });
  const items = skus.data ?? [];
  const byId = new Map(items.map((s) => [s.skuId, s]));
  const data = [...new Set([...(value ? [value] : []), ...items.map((s) => s.skuId)])];
  return (
    <Select label={label ?? t('inventory.fields.sku')} required={required} searchable clearable data={data} value={value ?? null} onChange={(v) => onChange?.(v)}
      searchValue={search} onSearchChange={setSearch} filter={({ options }) => options} error={error as string | undefined}
      nothingFoundMessage={skus.isFetching ? t('common.loading') : t('common.empty')} comboboxProps={{ withinPortal: true }}
      classNames={{ input: 'shiji-mono' }} data-testid={testId ?? 'inventory-sku'}
      renderOption={({ option }) => {
        const s = byId.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm" className="shiji-mono" translate="no">{option.value}</Text>
            {s && <Text size="xs" c="dimmed">{t('inventory.fields.available')} {s.available} · {t('inventory.fields.onHand')} {s.onHand}</Text>}
          </Stack>
        );
      }} />
  );
}

/** One of the shop's warehouses (inactive ones marked). */
export function WarehouseSelect({ value, onChange, error, label, testId, required = true, exclude }: FieldProps & { exclude?: string | null }) {
  const { t } = useTranslation();
  const whs = useAllWarehouses();
  const data = (whs.data ?? []).filter((w) => w.id !== exclude)
    .map((w) => ({ value: w.id, label: w.active ? warehouseLabel(w) : `${warehouseLabel(w)}（${t('inventory.warehouses.inactive')}）` }));
  return (
    <Select label={label ?? t('inventory.fields.warehouse')} required={required} data={data} value={value ?? null} onChange={(v) => onChange?.(v)}
      error={error as string | undefined} allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid={testId ?? 'inventory-warehouse'}
      nothingFoundMessage={t('common.empty')} />
  );
}

/** A storage location of one warehouse, or none. */
export function LocationSelect({ warehouseId, value, onChange, error, description }: FieldProps & { warehouseId: string }) {
  const { t } = useTranslation();
  const locs = useLocations(warehouseId);
  const data = [{ value: '', label: t('inventory.settings.noLocation') },
    ...(locs.data ?? []).map((l) => ({ value: l.id, label: `${l.code}${l.zone ? ` · ${l.zone}` : ''} · #${l.pickSequence}` }))];
  return (
    <Select label={t('inventory.fields.location')} description={description} data={data} value={value ?? ''} onChange={(v) => onChange?.(v || null)}
      error={error as string | undefined} allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="inventory-location" />
  );
}

/** A NumberInput value as a whole number, null when empty, undefined when not a whole number. */
export function wholeNumber(v: number | string): number | null | undefined {
  if (v === '' || v === null) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) ? n : undefined;
}
