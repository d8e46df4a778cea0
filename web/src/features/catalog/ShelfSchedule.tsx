import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconClock, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import { keys, type Product } from './api';
import { CatalogProblem } from './CatalogProblem';

type Body = { onAt?: string | null; offAt?: string | null };
const PICKER_FORMAT = 'YYYY-MM-DD HH:mm';
/** The picker's local wall-clock value ("YYYY-MM-DD HH:mm:ss") of an ISO time, and back to ISO with the browser's offset. */
const toPicker = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : null);
const toIso = (v: string | null) => (v ? dayjs(v).format() : null);
/** "2026-11-25 09:00" in the browser's time zone. */
export const scheduleTime = (iso: string) => dayjs(iso).format(PICKER_FORMAT);

/** Why the on-shelf time cannot be scheduled (null when it can). */
function onBlocked(p: Product): 'onNeverApproved' | 'onTakenDown' | null {
  if (!p.liveVersion) return 'onNeverApproved';
  if (!p.live && p.offShelfBy === 'operator') return 'onTakenDown';
  return null;
}

function useSchedule(product: Product, onDone: (p: Product, body: Body) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body) => unwrap(api.PUT('/api/seller/products/{id}/schedule', { params: { path: { id: product.id } }, body })),
    onSuccess: (p, body) => {
      qc.setQueryData(keys.product(p.id), p);
      void qc.invalidateQueries({ queryKey: keys.all });
      onDone(p, body);
    },
  });
}

/** 定时上下架: two optional times (browser time zone), each clearable; only the changed ones are sent. */
export function ScheduleModal({ product, onClose }: { product: Product; onClose: () => void }) {
  const { t } = useTranslation();
  const blocked = onBlocked(product);
  const [onAt, setOnAt] = useState<string | null>(blocked ? null : toPicker(product.scheduledOnAt));
  const [offAt, setOffAt] = useState<string | null>(toPicker(product.scheduledOffAt));
  const [unchanged, setUnchanged] = useState(false);
  const save = useSchedule(product, () => {
    notifications.show({ color: 'green', message: t('catalog.schedule.saved') });
    onClose();
  });
  const submit = () => {
    const body: Body = {};
    const on = toIso(onAt);
    const off = toIso(offAt);
    const current = (iso: string | null) => toIso(toPicker(iso));
    if (blocked) { if (product.scheduledOnAt) body.onAt = null; } else if (on !== current(product.scheduledOnAt)) body.onAt = on;
    if (off !== current(product.scheduledOffAt)) body.offAt = off;
    if (Object.keys(body).length === 0) { setUnchanged(true); return; }
    setUnchanged(false);
    save.mutate(body);
  };
  const err = save.error instanceof ApiError && save.error.code === 'catalog.bad_schedule' ? save.error.body : null;
  const bad = (field: 'onAt' | 'offAt') => Boolean(err && (err.field === field || (err.reason === 'order')));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const picker = { clearable: true, valueFormat: PICKER_FORMAT, placeholder: t('catalog.schedule.placeholder'), popoverProps: { withinPortal: true },
    minDate: dayjs().startOf('day').format('YYYY-MM-DD'), maxDate: dayjs().add(1, 'year').format('YYYY-MM-DD'), leftSection: <IconClock size={16} /> };
  return (
    <Modal opened onClose={onClose} title={t('catalog.schedule.title')}>
      <form noValidate onSubmit={(e) => { e.preventDefault(); submit(); }} data-testid="schedule-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">{t('catalog.schedule.hint', { zone })}</Text>
          <DateTimePicker {...picker} label={t('catalog.schedule.onAt')} value={onAt} onChange={(v) => setOnAt(v)} disabled={Boolean(blocked)}
            description={blocked ? t(`catalog.schedule.${blocked}`) : undefined} error={bad('onAt')} data-testid="schedule-on" />
          <DateTimePicker {...picker} label={t('catalog.schedule.offAt')} value={offAt} onChange={(v) => setOffAt(v)}
            error={bad('offAt')} data-testid="schedule-off" />
          {unchanged && <Text size="sm" c="dimmed">{t('catalog.schedule.unchanged')}</Text>}
          <CatalogProblem error={save.error} onClose={() => save.reset()} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="schedule-save">{t('catalog.schedule.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The pending schedule in the product header ("将于 2026-11-25 09:00 下架") with a button that clears it. */
export function ScheduleSummary({ product }: { product: Product }) {
  const { t } = useTranslation();
  const clear = useSchedule(product, () => notifications.show({ color: 'green', message: t('catalog.schedule.cleared') }));
  if (!product.scheduledOnAt && !product.scheduledOffAt) return null;
  const lines = [
    product.scheduledOnAt && { at: product.scheduledOnAt, text: t('catalog.schedule.willOn', { time: scheduleTime(product.scheduledOnAt) }) },
    product.scheduledOffAt && { at: product.scheduledOffAt, text: t('catalog.schedule.willOff', { time: scheduleTime(product.scheduledOffAt) }) },
  ].filter((x): x is { at: string; text: string } => Boolean(x)).sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap" data-testid="product-schedule-summary">
        <IconClock size={16} color="var(--mantine-color-blue-7)" style={{ flex: 'none' }} />
        <Text size="sm" c="blue.8" fw={500}>{lines.map((l) => l.text).join(t('catalog.comma'))}</Text>
        <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconX size={12} />} loading={clear.isPending}
          onClick={() => clear.mutate({ ...(product.scheduledOnAt ? { onAt: null } : {}), ...(product.scheduledOffAt ? { offAt: null } : {}) })}
          data-testid="schedule-clear">{t('catalog.schedule.clear')}</Button>
      </Group>
      <CatalogProblem error={clear.error} onClose={() => clear.reset()} />
    </Stack>
  );
}
