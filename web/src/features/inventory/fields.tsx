import { MultiSelect, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { keys, useAllWarehouses, useLocations, warehouseLabel, type SkuStock } from './api';
import { skuText } from './SkuName';

type FieldProps = { value?: string | null; onChange?: (v: string | null) => void; error?: unknown; label?: string; testId?: string;
  required?: boolean; description?: string };

/** The shop's SKUs whose product name, SKU code or id contains q (first 50), for the pickers. */
function useSkuSearch(q: string) {
  return useQuery({ queryKey: keys.skus(q), staleTime: 30_000, placeholderData: keepPreviousData,
    queryFn: async () => (await unwrap(api.GET('/api/seller/stock/skus', { params: { query: { limit: '50', ...(q ? { q } : {}) } } }))).items });
}

const skuKey = (id: string) => [...keys.skus('by-id'), id] as const;

/** The named SKUs with these ids (picked values, SKUs of a pick list), one cached look-up per id; unknown ids are left out. */
export function useSkuNames(ids: string[]): Map<string, SkuStock> {
  const found = useQueries({ queries: ids.map((id) => ({ queryKey: skuKey(id), staleTime: 5 * 60_000,
    queryFn: async () => (await unwrap(api.GET('/api/seller/stock/skus', { params: { query: { limit: '5', q: id } } }))).items
      .find((s) => s.skuId === id) ?? null })) });
  return new Map(found.flatMap((r) => (r.data ? [[r.data.skuId, r.data] as const] : [])));
}

/** Search results and picked SKUs by id; picking an option stores it under its id so it needs no look-up. */
function useSkuPicker(q: string, picked: string[]) {
  const qc = useQueryClient();
  const results = useSkuSearch(q);
  const names = useSkuNames(picked);
  const known = new Map([...names, ...(results.data ?? []).map((s) => [s.skuId, s] as const)]);
  const ids = [...new Set([...picked, ...(results.data ?? []).map((s) => s.skuId)])];
  return {
    results, known,
    data: ids.map((id) => ({ value: id, label: known.has(id) ? skuText(known.get(id)!) : id })),
    remember: (ids: string[]) => { for (const id of ids) if (known.has(id)) qc.setQueryData(skuKey(id), known.get(id)); },
  };
}

function SkuOption({ s, fallback }: { s: SkuStock | undefined; fallback: string }) {
  const { t } = useTranslation();
  if (!s) return <Text size="sm" className="shiji-mono" translate="no">{fallback}</Text>;
  return (
    <Stack gap={0} style={{ minWidth: 0 }} title={s.skuId}>
      <Text size="sm" lineClamp={2}>{skuText(s)}</Text>
      <Text size="xs" c="dimmed">
        {s.skuLabel && s.skuCode && <Text span inherit className="shiji-mono" translate="no">{s.skuCode} · </Text>}
        {t('inventory.fields.available')} {s.available} · {t('inventory.fields.onHand')} {s.onHand}
      </Text>
    </Stack>
  );
}

/**
 * One of the shop's SKUs known to inventory, searched on the server by product name, SKU code or id;
 * shown by its label. `filter`: a list filter (no visible label, not required).
 */
export function SkuSelect({ value, onChange, error, label, testId, required = true, description, filter: asFilter = false, style }: FieldProps & {
  filter?: boolean; style?: CSSProperties }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [typed] = useDebouncedValue(search.trim(), 250);
  const current = useSkuNames(value ? [value] : []).get(value ?? '');
  // Mantine writes the picked option's label into the search box: that is not a search.
  const picker = useSkuPicker(current && typed === skuText(current) ? '' : typed, value ? [value] : []);
  return (
    <Select label={asFilter ? undefined : label ?? t('inventory.fields.sku')} aria-label={asFilter ? label ?? t('inventory.fields.sku') : undefined}
      description={description} placeholder={t('inventory.sku.searchPlaceholder')} required={required && !asFilter} style={style}
      searchable clearable data={picker.data} value={value ?? null}
      onChange={(v) => { picker.remember(v ? [v] : []); onChange?.(v); }}
      searchValue={search} onSearchChange={setSearch} filter={({ options }) => options} error={error as string | undefined}
      nothingFoundMessage={picker.results.isFetching ? t('common.loading') : t('inventory.sku.noMatch')} comboboxProps={{ withinPortal: true }}
      data-testid={testId ?? 'inventory-sku'} maxDropdownHeight={320}
      renderOption={({ option }) => <SkuOption s={picker.known.get(option.value)} fallback={option.value} />} />
  );
}

/** Several of the shop's SKUs (a pick list), searched and shown like SkuSelect. */
export function SkuMultiSelect({ value, onChange, error, label, testId, max }: { value: string[]; onChange: (ids: string[]) => void;
  error?: string | null; label?: string; testId?: string; max?: number }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const picker = useSkuPicker(q, value);
  return (
    <MultiSelect label={label ?? t('inventory.fields.skus')} placeholder={value.length ? undefined : t('inventory.sku.searchPlaceholder')} searchable
      clearable data={picker.data} value={value} onChange={(ids) => { picker.remember(ids); onChange(ids); }} searchValue={search}
      onSearchChange={setSearch} filter={({ options }) => options} error={error} maxValues={max} hidePickedOptions
      nothingFoundMessage={picker.results.isFetching ? t('common.loading') : t('inventory.sku.noMatch')} comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={320} data-testid={testId ?? 'inventory-skus'}
      renderOption={({ option }) => <SkuOption s={picker.known.get(option.value)} fallback={option.value} />} />
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
