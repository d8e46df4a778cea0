import { Alert, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCalendarTime } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { keys, sellerApi } from './api';
import { TradeProblem } from './problem';
import type { OrderSettings } from './types';

type CalendarChoice = { id: string; name: string; timeZone?: string; isDefault?: boolean };
/** The calendars the shop may choose: the API's list when it sends one, else just the one in use. */
function choicesOf(s: OrderSettings | undefined): CalendarChoice[] {
  if (!s) return [];
  const listed = (s as OrderSettings & { calendars?: unknown }).calendars;
  if (Array.isArray(listed)) return listed as CalendarChoice[];
  return [{ id: s.calendarId ?? 'default', name: s.calendarName, isDefault: s.usesDefault }];
}

/**
 * 订单设置: the service calendar the shop's confirmation clock runs on (PL-ORD-03). An order paid on
 * Friday evening is due one working day later on this calendar, so holidays and weekly hours count.
 */
export function OrderSettingsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe();
  const manage = can(me.data, 'order:manage');
  const q = useQuery({ queryKey: keys.settings, queryFn: sellerApi.settings });
  const [choice, setChoice] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (calendarId: string) => sellerApi.saveSettings(calendarId),
    onSuccess: (s) => {
      qc.setQueryData(keys.settings, s);
      setChoice(null);
      notifications.show({ color: 'green', message: t('tradeStaff.settings.saved') });
    },
  });
  const calendars = choicesOf(q.data);
  const current = choice ?? q.data?.calendarId ?? (q.data?.usesDefault ? 'default' : null);
  const label = (c: CalendarChoice) =>
    [c.name, c.timeZone, c.isDefault ? t('tradeStaff.settings.platformDefault') : null].filter(Boolean).join(' · ');
  return (
    <Page title={t('tradeStaff.settings.title')} description={t('tradeStaff.settings.hint')}
      actions={<Button variant="subtle" leftSection={<IconArrowLeft size={16} />} component={Link} to="/seller/orders">{t('tradeStaff.order.back')}</Button>}>
      <TradeProblem error={q.error} />
      {q.isPending ? <Loading /> : q.data && (
        <Card withBorder radius="lg" padding="lg" maw={640}>
          <Stack gap="md">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <IconCalendarTime size={22} color="var(--mantine-color-brand-6)" />
              <Text size="sm">{t('tradeStaff.settings.explain')}</Text>
            </Group>
            <Select label={t('tradeStaff.settings.calendar')} data={calendars.map((c) => ({ value: c.id, label: label(c) }))} value={current}
              onChange={setChoice} placeholder={t('tradeStaff.settings.usePlatformDefault')} disabled={!manage} allowDeselect={false}
              comboboxProps={{ withinPortal: true }} data-testid="order-settings-calendar" />
            {q.data.usesDefault && <Alert color="blue" variant="light">{t('tradeStaff.settings.defaultInUse', { name: q.data.calendarName })}</Alert>}
            {calendars.length < 2 && <Text size="xs" c="dimmed">{t('tradeStaff.settings.onlyOne')}</Text>}
            <TradeProblem error={save.error} onClose={() => save.reset()} />
            {manage && (
              <Group justify="flex-end">
                <Button disabled={!choice || choice === 'default' || choice === q.data.calendarId} loading={save.isPending} onClick={() => choice && save.mutate(choice)}
                  data-testid="order-settings-save">{t('common.save')}</Button>
              </Group>
            )}
          </Stack>
        </Card>
      )}
    </Page>
  );
}
