import { ActionIcon, Button, Group, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { weekdayName } from '../../../lib/format';

export type Interval = [string, string];
export type WeeklyHours = Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Interval[]>;
export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

export const DEFAULT_WEEK: WeeklyHours = {
  1: [['09:00', '12:00'], ['13:00', '18:00']], 2: [['09:00', '12:00'], ['13:00', '18:00']], 3: [['09:00', '12:00'], ['13:00', '18:00']],
  4: [['09:00', '12:00'], ['13:00', '18:00']], 5: [['09:00', '12:00'], ['13:00', '18:00']], 6: [], 7: [],
};

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Working minutes of a day's intervals (0 when any time is malformed). */
export function dayMinutes(list: Interval[]): number {
  return list.reduce((n, [s, e]) => (TIME.test(s) && TIME.test(e) ? n + Math.max(0, minutes(e) - minutes(s)) : n), 0);
}

/** A problem with the week a person can fix before saving, or null (the API checks everything again). */
export function weekProblem(week: WeeklyHours, t: (k: 'calendars.badTime' | 'calendars.badInterval') => string): string | null {
  for (const d of WEEKDAYS) {
    for (const [s, e] of week[d]) {
      if (!TIME.test(s) || !TIME.test(e)) return t('calendars.badTime');
      if (minutes(e) <= minutes(s)) return t('calendars.badInterval');
    }
  }
  return null;
}

export function formatHours(mins: number, t: (k: 'calendars.hoursShort', o: { h: string }) => string): string {
  return t('calendars.hoursShort', { h: (Math.round((mins / 60) * 100) / 100).toString() });
}

/** Edits working hours per weekday: any number of [start, end) intervals, HH:MM local time (end may be 24:00). */
export function WeeklyHoursEditor({ value, onChange, disabled = false }: { value: WeeklyHours; onChange: (w: WeeklyHours) => void; disabled?: boolean }) {
  const { t, i18n } = useTranslation();
  const set = (d: (typeof WEEKDAYS)[number], list: Interval[]) => onChange({ ...value, [d]: list });
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>{t('calendars.weekday')}</Table.Th>
            <Table.Th>{t('calendars.intervals')}</Table.Th>
            <Table.Th w={100} ta="right">{t('calendars.dayTotal')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {WEEKDAYS.map((d) => {
            const list = value[d];
            const day = weekdayName(Number(d), i18n.language);
            return (
              <Table.Tr key={d} data-testid={`weekday-${d}`}>
                <Table.Td><Text size="sm" fw={500}>{day}</Text></Table.Td>
                <Table.Td>
                  <Stack gap={6}>
                    {list.length === 0 && <Text size="sm" c="dimmed">{t('calendars.dayOff')}</Text>}
                    {list.map(([s, e], i) => (
                      <Group key={i} gap={6} wrap="nowrap">
                        <TextInput size="xs" w={76} value={s} disabled={disabled} aria-label={t('calendars.startOf', { day, n: i + 1 })} placeholder="09:00"
                          error={!TIME.test(s)} onChange={(ev) => set(d, list.map((x, j) => (j === i ? [ev.currentTarget.value, x[1]] : x)))} />
                        <Text size="sm" c="dimmed">–</Text>
                        <TextInput size="xs" w={76} value={e} disabled={disabled} aria-label={t('calendars.endOf', { day, n: i + 1 })} placeholder="18:00"
                          error={!TIME.test(e) || (TIME.test(s) && minutes(e) <= minutes(s))}
                          onChange={(ev) => set(d, list.map((x, j) => (j === i ? [x[0], ev.currentTarget.value] : x)))} />
                        {!disabled && (
                          <Tooltip label={t('calendars.removeInterval')}>
                            <ActionIcon variant="subtle" color="gray" aria-label={t('calendars.removeInterval')} onClick={() => set(d, list.filter((_, j) => j !== i))}>
                              <IconX size={14} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    ))}
                    {!disabled && (
                      <Group gap={6}>
                        <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />}
                          onClick={() => set(d, [...list, list.length ? [list[list.length - 1]![1], '18:00'] : ['09:00', '18:00']])}>
                          {t('calendars.addInterval')}
                        </Button>
                      </Group>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td ta="right"><Text size="sm">{formatHours(dayMinutes(list), t)}</Text></Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
