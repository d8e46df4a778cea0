import { ActionIcon, Badge, Box, Group, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type CalendarMonth } from '../../../api/client';
import { intlLocale } from '../../../i18n';
import { weekdayName } from '../../../lib/format';
import { Loading } from '../../../components/Page';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { formatHours } from './WeeklyHoursEditor';

export type MonthDay = CalendarMonth['days'][number];

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function currentMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** One month of a calendar: every date, whether it counts as working time, and its hours; holidays and make-up days marked. */
export function MonthView({ calendarId, month, onMonth, onPick }: {
  calendarId: string; month: string; onMonth: (m: string) => void; onPick?: (d: MonthDay) => void;
}) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['admin', 'calendar-month', calendarId, month],
    queryFn: () => unwrap(api.GET('/api/admin/calendars/{id}/month', { params: { path: { id: calendarId }, query: { month } } })) });
  const [y, m] = month.split('-').map(Number) as [number, number];
  const title = new Intl.DateTimeFormat(intlLocale(i18n.language), { year: 'numeric', month: 'long' }).format(new Date(y, m - 1, 1));
  const days = q.data?.days ?? [];
  const lead = days.length ? days[0]!.weekday - 1 : 0;
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <ActionIcon variant="default" aria-label={t('calendars.prevMonth')} onClick={() => onMonth(shiftMonth(month, -1))}><IconChevronLeft size={16} /></ActionIcon>
          <Title order={3} size="h4" miw={140} ta="center" aria-live="polite" data-testid="month-title">{title}</Title>
          <ActionIcon variant="default" aria-label={t('calendars.nextMonth')} onClick={() => onMonth(shiftMonth(month, 1))}><IconChevronRight size={16} /></ActionIcon>
        </Group>
        {q.data && (
          <Text size="sm" c="dimmed" data-testid="month-summary">
            {t('calendars.monthSummary', { days: q.data.workingDays, hours: formatHours(q.data.workingMinutes, t) })}
          </Text>
        )}
      </Group>
      <Group gap="md">
        <Group gap={6}><Box w={12} h={12} bg="green.1" bd="1px solid var(--mantine-color-green-4)" style={{ borderRadius: 3 }} /><Text size="xs">{t('calendars.legendWorking')}</Text></Group>
        <Group gap={6}><Box w={12} h={12} bg="gray.1" bd="1px solid var(--mantine-color-gray-4)" style={{ borderRadius: 3 }} /><Text size="xs">{t('calendars.legendOff')}</Text></Group>
        <Group gap={6}><Badge size="xs" color="red" variant="filled">{t('calendars.holidayShort')}</Badge><Text size="xs">{t('calendars.kind.holiday')}</Text></Group>
        <Group gap={6}><Badge size="xs" color="orange" variant="filled">{t('calendars.workdayShort')}</Badge><Text size="xs">{t('calendars.kind.workday')}</Text></Group>
      </Group>
      <ProblemAlert error={q.error} />
      {q.isPending ? <Loading /> : (
        <Box>
          <SimpleGrid cols={7} spacing={4}>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <Text key={d} size="xs" c="dimmed" ta="center" fw={500}>{weekdayName(d, i18n.language, 'short')}</Text>
            ))}
          </SimpleGrid>
          <SimpleGrid cols={7} spacing={{ base: 2, sm: 4 }} mt={4}>
            {Array.from({ length: lead }, (_, i) => <div key={`lead-${i}`} />)}
            {days.map((d) => {
              const label = `${d.date} ${d.working ? t('calendars.legendWorking') : t('calendars.legendOff')}${d.name ? ` · ${d.name}` : ''}`;
              const cell = (
                <Paper p={{ base: 4, sm: 6 }} radius="sm" mih={{ base: 48, sm: 68 }} withBorder data-testid="month-day" data-date={d.date} data-working={String(d.working)} data-kind={d.kind}
                  bg={d.working ? 'green.0' : 'gray.1'} style={{ borderColor: d.working ? 'var(--mantine-color-green-3)' : 'var(--mantine-color-gray-3)' }}>
                  <Group justify="space-between" gap={2} wrap="nowrap">
                    <Text size="sm" fw={600} c={d.kind === 'holiday' ? 'red.8' : d.kind === 'workday' ? 'orange.9' : d.working ? 'dark' : 'dimmed'}>
                      {Number(d.date.slice(8))}
                    </Text>
                    {d.kind !== 'regular' && (
                      <Badge size="xs" color={d.kind === 'holiday' ? 'red' : 'orange'} variant="filled" px={4} visibleFrom="sm">
                        {d.kind === 'holiday' ? t('calendars.holidayShort') : t('calendars.workdayShort')}
                      </Badge>
                    )}
                  </Group>
                  {d.kind !== 'regular' && (
                    <Text size="xs" fw={700} c={d.kind === 'holiday' ? 'red.8' : 'orange.9'} hiddenFrom="sm" aria-hidden>
                      {d.kind === 'holiday' ? t('calendars.holidayShort') : t('calendars.workdayShort')}
                    </Text>
                  )}
                  {d.name && <Text size="xs" c={d.kind === 'holiday' ? 'red.8' : 'orange.9'} truncate title={d.name} visibleFrom="sm">{d.name}</Text>}
                  <Text size="xs" c="dimmed" visibleFrom="sm">{d.working ? formatHours(d.workingMinutes, t) : t('calendars.dayOffShort')}</Text>
                </Paper>
              );
              return onPick
                ? <UnstyledButton key={d.date} onClick={() => onPick(d)} aria-label={label} style={{ borderRadius: 6 }}>{cell}</UnstyledButton>
                : <Box key={d.date} aria-label={label}>{cell}</Box>;
            })}
          </SimpleGrid>
        </Box>
      )}
    </Stack>
  );
}
