import { Button, Group, Modal, NumberInput, Radio, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { keys, MOVEMENT_KINDS, warehouseLabel, type MovementBody, type StockRow, type StorageLocation, type Warehouse } from './api';
import { LocationSelect, SkuSelect, WarehouseSelect, wholeNumber } from './fields';
import { InventoryProblem } from './InventoryProblem';
import { SkuName } from './SkuName';

const CODE = /^[A-Za-z0-9._-]{1,40}$/;
const MAX_QTY = 1_000_000;
const MAX_UNITS = 1_000_000_000;
type Num = number | string;

/** Client-side checks mirroring the API's rules (the API checks again). */
function useRules() {
  const { t } = useTranslation();
  return {
    required: (v: string) => (v.trim() ? null : t('inventory.validation.required')),
    code: (v: string) => (CODE.test(v.trim()) ? null : t('inventory.validation.code')),
    optionalCount: (v: Num) => {
      const n = wholeNumber(v);
      return n === undefined ? t('inventory.validation.wholeNumber') : n !== null && n < 0 ? t('inventory.validation.atLeastZero')
        : n !== null && n > MAX_UNITS ? t('inventory.validation.tooBig') : null;
    },
    positive: (v: Num) => {
      const n = wholeNumber(v);
      return n === undefined || n === null || n < 1 ? t('inventory.validation.positive') : n > MAX_QTY ? t('inventory.validation.tooBig') : null;
    },
    nonZero: (v: Num) => {
      const n = wholeNumber(v);
      return n === undefined || n === null || n === 0 ? t('inventory.validation.nonZero') : Math.abs(n) > MAX_QTY ? t('inventory.validation.tooBig') : null;
    },
    range: (v: string, limit: number, key: 'latitude' | 'longitude') => {
      if (!v.trim()) return null;
      const n = Number(v);
      return Number.isFinite(n) && Math.abs(n) <= limit ? null : t(`inventory.validation.${key}`);
    },
    chosen: (v: string | null, key: 'chooseSku' | 'chooseWarehouse') => (v ? null : t(`inventory.validation.${key}`)),
  };
}

const coord = (v: string) => (v.trim() ? Number(v) : null);

// ---------------------------------------------------------------- warehouse

type WarehouseValues = { code: string; name: string; address: string; region: string; latitude: string; longitude: string; capacity: Num;
  priority: Num; active: boolean };

/** Create (no warehouse) or edit a warehouse's register entry. */
export function WarehouseModal({ warehouse, opened, onClose, onSaved }: { warehouse?: Warehouse; opened: boolean; onClose: () => void;
  onSaved?: (w: Warehouse) => void }) {
  const { t } = useTranslation();
  const r = useRules();
  const qc = useQueryClient();
  const w = warehouse;
  const form = useForm<WarehouseValues>({
    initialValues: { code: w?.code ?? '', name: w?.name ?? '', address: w?.address ?? '', region: w?.region ?? '',
      latitude: w?.latitude?.toString() ?? '', longitude: w?.longitude?.toString() ?? '', capacity: w?.capacity ?? '', priority: w?.priority ?? 100,
      active: w?.active ?? true },
    validate: {
      code: r.code, name: r.required, address: r.required, region: r.required,
      latitude: (v) => r.range(v, 90, 'latitude'), longitude: (v) => r.range(v, 180, 'longitude'),
      capacity: r.optionalCount,
      priority: (v) => (wholeNumber(v) === null ? t('inventory.validation.wholeNumber') : r.optionalCount(v)),
    },
  });
  const save = useMutation({
    mutationFn: (v: WarehouseValues) => {
      const body = { code: v.code.trim(), name: v.name.trim(), address: v.address.trim(), region: v.region.trim(), latitude: coord(v.latitude),
        longitude: coord(v.longitude), capacity: wholeNumber(v.capacity) ?? null, priority: wholeNumber(v.priority) ?? 100, active: v.active };
      if (!w) return unwrap(api.POST('/api/seller/warehouses', { body }));
      // Only what changed, so a concurrent edit of another field is not overwritten.
      const changed = Object.fromEntries(Object.entries(body).filter(([k, x]) => x !== w[k as keyof typeof body]));
      return unwrap(api.PATCH('/api/seller/warehouses/{id}', { params: { path: { id: w.id } }, body: Object.keys(changed).length ? changed : { name: body.name } }));
    },
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: w ? t('inventory.warehouses.saved') : t('inventory.warehouses.created', { name: saved.name }) });
      onSaved?.(saved);
      close();
    },
  });
  const close = () => { form.reset(); save.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={w ? t('inventory.warehouses.editTitle') : t('inventory.warehouses.newTitle')} size="lg">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))} data-testid="warehouse-form">
        <Stack gap="sm">
          <InventoryProblem error={save.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('inventory.fields.code')} description={t('inventory.warehouses.codeHint')} required maxLength={40} data-autofocus
              {...form.getInputProps('code')} data-testid="warehouse-code" />
            <TextInput label={t('inventory.fields.name')} required maxLength={100} {...form.getInputProps('name')} data-testid="warehouse-name" />
          </SimpleGrid>
          <TextInput label={t('inventory.fields.address')} required maxLength={300} {...form.getInputProps('address')} data-testid="warehouse-address" />
          <TextInput label={t('inventory.fields.region')} description={t('inventory.warehouses.regionHint')} placeholder={t('inventory.warehouses.regionPlaceholder')}
            required maxLength={100} {...form.getInputProps('region')} data-testid="warehouse-region" />
          <SimpleGrid cols={{ base: 2 }} spacing="sm">
            <TextInput label={t('inventory.fields.latitude')} inputMode="decimal" {...form.getInputProps('latitude')} data-testid="warehouse-latitude" />
            <TextInput label={t('inventory.fields.longitude')} inputMode="decimal" {...form.getInputProps('longitude')} data-testid="warehouse-longitude" />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt={-6}>{t('inventory.warehouses.coordinatesHint')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NumberInput label={t('inventory.fields.priority')} description={t('inventory.warehouses.priorityHint')} min={0} max={10_000} allowDecimal={false}
              allowNegative={false} {...form.getInputProps('priority')} data-testid="warehouse-priority" />
            <NumberInput label={t('inventory.fields.capacity')} description={t('inventory.warehouses.capacityHint')} min={0} allowDecimal={false}
              allowNegative={false} thousandSeparator="," {...form.getInputProps('capacity')} data-testid="warehouse-capacity" />
          </SimpleGrid>
          <Switch label={t('inventory.warehouses.active')} description={t('inventory.warehouses.activeHint')}
            {...form.getInputProps('active', { type: 'checkbox' })} data-testid="warehouse-active" />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="warehouse-submit">{w ? t('common.save') : t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- location

type LocationValues = { code: string; zone: string; pickSequence: Num; capacity: Num; conditions: string };

/** Add a location to a warehouse, or change one (the code stays). */
export function LocationModal({ warehouseId, location, opened, onClose, nextSequence = 10 }: { warehouseId: string; location?: StorageLocation;
  opened: boolean; onClose: () => void; nextSequence?: number }) {
  const { t } = useTranslation();
  const r = useRules();
  const qc = useQueryClient();
  const l = location;
  const form = useForm<LocationValues>({
    initialValues: { code: l?.code ?? '', zone: l?.zone ?? '', pickSequence: l?.pickSequence ?? nextSequence, capacity: l?.capacity ?? '',
      conditions: l?.conditions ?? '' },
    validate: {
      code: (v) => (l ? null : r.code(v)),
      pickSequence: (v) => (wholeNumber(v) === null ? t('inventory.validation.wholeNumber') : r.optionalCount(v)),
      capacity: r.optionalCount,
    },
  });
  const save = useMutation({
    mutationFn: (v: LocationValues) => {
      const body = { zone: v.zone.trim(), pickSequence: wholeNumber(v.pickSequence)!, capacity: wholeNumber(v.capacity) ?? null, conditions: v.conditions.trim() };
      return l ? unwrap(api.PATCH('/api/seller/locations/{id}', { params: { path: { id: l.id } }, body }))
        : unwrap(api.POST('/api/seller/warehouses/{id}/locations', { params: { path: { id: warehouseId } }, body: { ...body, code: v.code.trim() } }));
    },
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: keys.locations(warehouseId) });
      void qc.invalidateQueries({ queryKey: ['inventory', 'stock'] });
      notifications.show({ color: 'green', message: l ? t('inventory.locations.saved') : t('inventory.locations.created', { code: saved.code }) });
      close();
    },
  });
  const close = () => { form.reset(); save.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={l ? t('inventory.locations.editTitle', { code: l.code }) : t('inventory.locations.newTitle')}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))} data-testid="location-form">
        <Stack gap="sm">
          <InventoryProblem error={save.error} />
          {!l && <TextInput label={t('inventory.fields.code')} description={t('inventory.locations.codeHint')} required maxLength={40} data-autofocus
            {...form.getInputProps('code')} data-testid="location-code" />}
          <SimpleGrid cols={{ base: 2 }} spacing="sm">
            <TextInput label={t('inventory.fields.zone')} placeholder={t('inventory.locations.zonePlaceholder')} maxLength={40}
              {...form.getInputProps('zone')} data-testid="location-zone" />
            <NumberInput label={t('inventory.fields.pickSequence')} required min={0} allowDecimal={false} allowNegative={false}
              {...form.getInputProps('pickSequence')} data-testid="location-sequence" />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt={-6}>{t('inventory.locations.pickSequenceHint')}</Text>
          <NumberInput label={t('inventory.fields.capacity')} description={t('inventory.locations.capacityHint')} min={0} allowDecimal={false}
            allowNegative={false} {...form.getInputProps('capacity')} data-testid="location-capacity" />
          <TextInput label={t('inventory.fields.conditions')} placeholder={t('inventory.locations.conditionsPlaceholder')} maxLength={200}
            {...form.getInputProps('conditions')} data-testid="location-conditions" />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="location-submit">{l ? t('common.save') : t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- movement

type MovementValues = { kind: MovementBody['kind']; skuId: string | null; warehouseId: string | null; quantity: Num; documentNo: string; reason: string };

/** What is available of a SKU in a warehouse right now (a hint in the forms). */
function useAvailable(skuId: string | null, warehouseId: string | null) {
  return useQuery({ queryKey: keys.stock({ one: [skuId, warehouseId] }), enabled: Boolean(skuId && warehouseId),
    queryFn: async () => (await unwrap(api.GET('/api/seller/stock', { params: { query: { skuId: skuId!, warehouseId: warehouseId! } } }))).items[0] ?? null });
}

/** Record a receipt, customer return, damage or count adjustment (PL-WHS-01). */
export function MovementModal({ opened, onClose, initial }: { opened: boolean; onClose: () => void; initial?: { skuId?: string; warehouseId?: string } }) {
  const { t } = useTranslation();
  const r = useRules();
  const qc = useQueryClient();
  const form = useForm<MovementValues>({
    initialValues: { kind: 'receipt', skuId: initial?.skuId ?? null, warehouseId: initial?.warehouseId ?? null, quantity: '', documentNo: '', reason: '' },
    validate: {
      skuId: (v) => r.chosen(v, 'chooseSku'),
      warehouseId: (v) => r.chosen(v, 'chooseWarehouse'),
      quantity: (v, f) => (f.kind === 'adjustment' ? r.nonZero(v) : r.positive(v)),
      documentNo: (v, f) => (f.kind === 'receipt' && !v.trim() ? t('inventory.validation.documentNo') : null),
      reason: (v, f) => ((f.kind === 'damage' || f.kind === 'adjustment') && !v.trim() ? t('inventory.validation.reason') : null),
    },
  });
  const current = useAvailable(form.values.skuId, form.values.warehouseId);
  const save = useMutation({
    mutationFn: (v: MovementValues) => unwrap(api.POST('/api/seller/stock/movements', { body: {
      kind: v.kind, skuId: v.skuId!, warehouseId: v.warehouseId!, quantity: wholeNumber(v.quantity)!,
      ...(v.documentNo.trim() ? { documentNo: v.documentNo.trim() } : {}), ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
    } })),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('inventory.movement.recorded', { kind: t(`inventory.movement.kinds.${res.movement.kind}`),
        quantity: res.movement.quantity > 0 ? `+${res.movement.quantity}` : res.movement.quantity, onHand: res.stock.onHand }) });
      close();
    },
  });
  const close = () => { form.reset(); save.reset(); onClose(); };
  const kind = form.values.kind;
  return (
    <Modal opened={opened} onClose={close} title={t('inventory.movement.title')} size="lg">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))} data-testid="movement-form">
        <Stack gap="sm">
          <InventoryProblem error={save.error} />
          <Radio.Group label={t('inventory.fields.kind')} required {...form.getInputProps('kind')} data-testid="movement-kind">
            <Group gap="md" mt={6} wrap="wrap">
              {MOVEMENT_KINDS.map((k) => <Radio key={k} value={k} label={t(`inventory.movement.kinds.${k}`)} data-testid={`movement-kind-${k}`} />)}
            </Group>
          </Radio.Group>
          <Text size="xs" c="dimmed" mt={-4}>{t(`inventory.movement.kindHint.${kind}`)}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <SkuSelect {...form.getInputProps('skuId')} testId="movement-sku" />
            <WarehouseSelect {...form.getInputProps('warehouseId')} testId="movement-warehouse" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NumberInput label={t('inventory.fields.quantity')} required allowDecimal={false} allowNegative={kind === 'adjustment'}
              description={kind === 'adjustment' ? t('inventory.movement.adjustmentHint') : t('inventory.movement.quantityHint')}
              {...form.getInputProps('quantity')} data-testid="movement-quantity" />
            <TextInput label={t('inventory.fields.documentNo')} description={t('inventory.movement.documentHint')} required={kind === 'receipt'}
              maxLength={64} {...form.getInputProps('documentNo')} data-testid="movement-document" />
          </SimpleGrid>
          {current.data && (
            <Text size="sm" c="dimmed" data-testid="movement-available">{t('inventory.movement.availableNow', { available: current.data.available })}</Text>
          )}
          <Textarea label={t('inventory.fields.reason')} required={kind === 'damage' || kind === 'adjustment'} autosize minRows={2} maxLength={500}
            placeholder={t('inventory.movement.reasonPlaceholder')} {...form.getInputProps('reason')} data-testid="movement-reason" />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="movement-submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- transfer

type TransferValues = { skuId: string | null; fromWarehouseId: string | null; toWarehouseId: string | null; quantity: Num; documentNo: string; reason: string };

/** Move units of a SKU from one warehouse to another (two movements, atomic). */
export function TransferModal({ opened, onClose, initial }: { opened: boolean; onClose: () => void; initial?: { skuId?: string; warehouseId?: string } }) {
  const { t } = useTranslation();
  const r = useRules();
  const qc = useQueryClient();
  const form = useForm<TransferValues>({
    initialValues: { skuId: initial?.skuId ?? null, fromWarehouseId: initial?.warehouseId ?? null, toWarehouseId: null, quantity: '', documentNo: '', reason: '' },
    validate: {
      skuId: (v) => r.chosen(v, 'chooseSku'),
      fromWarehouseId: (v) => r.chosen(v, 'chooseWarehouse'),
      toWarehouseId: (v, f) => r.chosen(v, 'chooseWarehouse') ?? (v === f.fromWarehouseId ? t('inventory.validation.differentWarehouse') : null),
      quantity: r.positive,
      documentNo: (v) => (v.trim() ? null : t('inventory.validation.documentNo')),
    },
  });
  const current = useAvailable(form.values.skuId, form.values.fromWarehouseId);
  const save = useMutation({
    mutationFn: (v: TransferValues) => unwrap(api.POST('/api/seller/stock/transfers', { body: {
      skuId: v.skuId!, fromWarehouseId: v.fromWarehouseId!, toWarehouseId: v.toWarehouseId!, quantity: wholeNumber(v.quantity)!,
      documentNo: v.documentNo.trim(), ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
    } })),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('inventory.transfer.done', { quantity: res.in.quantity,
        from: warehouseLabel({ name: res.from.warehouseName, code: res.from.warehouseCode }), to: warehouseLabel({ name: res.to.warehouseName, code: res.to.warehouseCode }) }) });
      close();
    },
  });
  const close = () => { form.reset(); save.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={t('inventory.transfer.title')} size="lg">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))} data-testid="transfer-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">{t('inventory.transfer.hint')}</Text>
          <InventoryProblem error={save.error} />
          <SkuSelect {...form.getInputProps('skuId')} testId="transfer-sku" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <WarehouseSelect label={t('inventory.fields.fromWarehouse')} {...form.getInputProps('fromWarehouseId')} testId="transfer-from" />
            <WarehouseSelect label={t('inventory.fields.toWarehouse')} {...form.getInputProps('toWarehouseId')} exclude={form.values.fromWarehouseId}
              testId="transfer-to" />
          </SimpleGrid>
          {current.data && <Text size="sm" c="dimmed">{t('inventory.movement.availableNow', { available: current.data.available })}</Text>}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NumberInput label={t('inventory.fields.quantity')} required min={1} allowDecimal={false} allowNegative={false}
              {...form.getInputProps('quantity')} data-testid="transfer-quantity" />
            <TextInput label={t('inventory.fields.documentNo')} description={t('inventory.transfer.documentHint')} required maxLength={64}
              {...form.getInputProps('documentNo')} data-testid="transfer-document" />
          </SimpleGrid>
          <Textarea label={t('inventory.fields.reason')} autosize minRows={2} maxLength={500} {...form.getInputProps('reason')} data-testid="transfer-reason" />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="transfer-submit">{t('inventory.stock.transfer')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- thresholds and location

type SettingsValues = { lowThreshold: Num; maxThreshold: Num; locationId: string | null };

/** Minimum / maximum thresholds (MS-WHS-04) and the put-away location of one stock row. */
export function SettingsModal({ row, opened, onClose }: { row: StockRow; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const r = useRules();
  const qc = useQueryClient();
  const form = useForm<SettingsValues>({
    initialValues: { lowThreshold: row.lowThreshold ?? '', maxThreshold: row.maxThreshold ?? '', locationId: row.locationId },
    validate: {
      lowThreshold: r.optionalCount,
      maxThreshold: (v, f) => {
        const low = wholeNumber(f.lowThreshold);
        const max = wholeNumber(v);
        return r.optionalCount(v) ?? (typeof low === 'number' && typeof max === 'number' && max <= low ? t('inventory.validation.maxAboveLow') : null);
      },
    },
  });
  const save = useMutation({
    mutationFn: (v: SettingsValues) => unwrap(api.PUT('/api/seller/stock/settings', { body: {
      skuId: row.skuId, warehouseId: row.warehouseId, lowThreshold: wholeNumber(v.lowThreshold) ?? null, maxThreshold: wholeNumber(v.maxThreshold) ?? null,
      locationId: v.locationId,
    } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('inventory.settings.saved') });
      close();
    },
  });
  const close = () => { form.reset(); save.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={t('inventory.settings.title')}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))} data-testid="settings-form">
        <Stack gap="sm">
          <Group gap={4} wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{t('inventory.fields.sku')}{t('inventory.colon')}</Text>
            <SkuName sku={row} copyable />
          </Group>
          <Text size="sm"><Text span c="dimmed">{t('inventory.fields.warehouse')}{t('inventory.colon')}</Text>{warehouseLabel({ name: row.warehouseName, code: row.warehouseCode })}</Text>
          <Text size="xs" c="dimmed">{t('inventory.settings.hint')}</Text>
          <InventoryProblem error={save.error} />
          <SimpleGrid cols={{ base: 2 }} spacing="sm">
            <NumberInput label={t('inventory.fields.lowThreshold')} description={t('inventory.settings.lowHint')} min={0} allowDecimal={false}
              allowNegative={false} {...form.getInputProps('lowThreshold')} data-testid="settings-low" />
            <NumberInput label={t('inventory.fields.maxThreshold')} description={t('inventory.settings.maxHint')} min={0} allowDecimal={false}
              allowNegative={false} {...form.getInputProps('maxThreshold')} data-testid="settings-max" />
          </SimpleGrid>
          <LocationSelect warehouseId={row.warehouseId} description={t('inventory.settings.locationHint')} {...form.getInputProps('locationId')} />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="settings-submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
