import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Table, Text,
  Tabs, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { DateInput, DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap, type Calendar } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Field, Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatDateTime } from '../../lib/format';
import { useValidators } from '../../lib/validators';
import { currentMonth, MonthView } from './calendar/MonthView';
import { formatHours, weekProblem, WeeklyHoursEditor, type WeeklyHours } from './calendar/WeeklyHoursEditor';

type DayTarget = { date: string; kind: 'regular' | 'holiday' | 'workday'; name: string | null };

function useCalendarInvalidation(id: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['admin', 'calendar', id] });
    void qc.invalidateQueries({ queryKey: ['admin', 'calendar-month', id] });
    void qc.invalidateQueries({ queryKey: ['admin', 'calendar-days', id] });
    void qc.invalidateQueries({ queryKey: ['admin', 'calendars'] });
  };
}

function SettingsCard({ cal, canManage }: { cal: Calendar; canManage: boolean }) {
  const { t } = useTranslation();
  const v = useValidators();
  const refresh = useCalendarInvalidation(cal.id);
  const form = useForm({
    initialValues: { name: cal.name, timeZone: cal.timeZone, standardDayMinutes: cal.standardDayMinutes, serviceUse: cal.serviceUse, isDefault: cal.isDefault },
    validate: { name: v.required, timeZone: v.required },
  });
  const save = useMutation({
    mutationFn: (f: typeof form.values) => unwrap(api.PATCH('/api/admin/calendars/{id}', { params: { path: { id: cal.id } }, body: {
      name: f.name.trim(), timeZone: f.timeZone.trim(), standardDayMinutes: Number(f.standardDayMinutes), serviceUse: f.serviceUse,
      ...(f.isDefault && !cal.isDefault ? { isDefault: true } : {}),
    } })),
    onSuccess: () => { refresh(); notifications.show({ color: 'green', message: t('common.saved') }); },
  });
  return (
    <Card withBorder radius="lg" padding="lg">
      <form noValidate onSubmit={form.onSubmit((f) => save.mutate(f))}>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('calendars.settings')}</Title>
          <ProblemAlert error={save.error} />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label={t('calendars.name')} required disabled={!canManage} {...form.getInputProps('name')} />
            <TextInput label={t('calendars.timeZone')} description={t('calendars.timeZoneHint')} required disabled={!canManage} {...form.getInputProps('timeZone')} />
            <NumberInput label={t('calendars.standardDayMinutes')} description={t('calendars.standardDayHint')} min={1} max={1440} step={30} allowDecimal={false}
              disabled={!canManage} {...form.getInputProps('standardDayMinutes')} />
          </SimpleGrid>
          <Checkbox label={t('calendars.serviceUse')} description={t('calendars.serviceUseHint')} disabled={!canManage} {...form.getInputProps('serviceUse', { type: 'checkbox' })} />
          <Checkbox label={t('calendars.makeDefault')} description={cal.isDefault ? t('calendars.isDefaultHint') : undefined}
            disabled={!canManage || cal.isDefault} {...form.getInputProps('isDefault', { type: 'checkbox' })} />
          {canManage && <Group><Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>{t('common.save')}</Button></Group>}
        </Stack>
      </form>
    </Card>
  );
}

function WeekCard({ cal, canManage }: { cal: Calendar; canManage: boolean }) {
  const { t } = useTranslation();
  const refresh = useCalendarInvalidation(cal.id);
  const initial = cal.weeklyHours as WeeklyHours;
  const [week, setWeek] = useState<WeeklyHours>(initial);
  const dirty = JSON.stringify(week) !== JSON.stringify(initial);
  const problem = weekProblem(week, t);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/admin/calendars/{id}', { params: { path: { id: cal.id } }, body: { weeklyHours: week } })),
    onSuccess: () => { refresh(); notifications.show({ color: 'green', message: t('calendars.weekSaved') }); },
  });
  return (
    <Card withBorder radius="lg" padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">{t('calendars.weeklyHours')}</Title>
          <Text size="sm" c="dimmed">{t('calendars.weeklyTotal')}: {formatHours(cal.weeklyMinutes, t)}</Text>
        </Group>
        <Text size="sm" c="dimmed">{t('calendars.weeklyHint')}</Text>
        <ProblemAlert error={save.error} />
        <WeeklyHoursEditor value={week} onChange={setWeek} disabled={!canManage} />
        {problem && <Alert color="yellow" variant="light">{problem}</Alert>}
        {canManage && (
          <Group gap="sm">
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty || Boolean(problem)}>{t('calendars.saveWeek')}</Button>
            {dirty && <Button variant="default" onClick={() => setWeek(initial)}>{t('calendars.undo')}</Button>}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function DayModal({ calendarId, target, onClose }: { calendarId: string; target: DayTarget | 'new'; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const v = useValidators();
  const refresh = useCalendarInvalidation(calendarId);
  const existing = target !== 'new' && target.kind !== 'regular' ? target : null;
  const form = useForm({
    initialValues: {
      date: target === 'new' ? (null as string | null) : target.date,
      kind: (existing?.kind ?? 'holiday') as 'holiday' | 'workday',
      name: existing?.name ?? '',
    },
    validate: { date: (d) => (d ? null : t('validation.required')), name: v.required },
  });
  const done = (msg: string) => { refresh(); notifications.show({ color: 'green', message: msg }); onClose(); };
  const set = useMutation({
    mutationFn: (f: typeof form.values) => unwrap(api.PUT('/api/admin/calendars/{id}/days/{date}', {
      params: { path: { id: calendarId, date: dayjs(f.date!).format('YYYY-MM-DD') } }, body: { kind: f.kind, name: f.name.trim() } })),
    onSuccess: () => done(t('calendars.daySaved')),
  });
  const remove = useMutation({
    mutationFn: (date: string) => unwrap(api.DELETE('/api/admin/calendars/{id}/days/{date}', { params: { path: { id: calendarId, date } } })),
    onSuccess: () => done(t('calendars.dayRemoved')),
  });
  return (
    <Modal opened onClose={onClose} title={target === 'new' ? t('calendars.addDay') : formatDate(target.date, i18n.language)}>
      <form noValidate onSubmit={form.onSubmit((f) => set.mutate(f))}>
        <Stack gap="sm">
          <ProblemAlert error={set.error ?? remove.error} />
          {target === 'new'
            ? <DateInput label={t('calendars.date')} required valueFormat="YYYY-MM-DD" data-autofocus {...form.getInputProps('date')} popoverProps={{ withinPortal: true }} />
            : <Text size="sm" c="dimmed">{t(`calendars.currently.${target.kind}`)}{target.name ? ` · ${target.name}` : ''}</Text>}
          <Stack gap={4}>
            <Text size="sm" fw={500}>{t('calendars.dayKind')}</Text>
            <SegmentedControl fullWidth aria-label={t('calendars.dayKind')} data={[
              { value: 'holiday', label: t('calendars.kind.holiday') }, { value: 'workday', label: t('calendars.kind.workday') },
            ]} {...form.getInputProps('kind')} />
            <Text size="xs" c="dimmed">{form.values.kind === 'holiday' ? t('calendars.holidayHint') : t('calendars.workdayHint')}</Text>
          </Stack>
          <TextInput label={t('calendars.dayName')} placeholder={form.values.kind === 'holiday' ? t('calendars.holidayExample') : t('calendars.workdayExample')}
            required {...form.getInputProps('name')} />
          <Group justify="space-between" mt="sm">
            {existing ? (
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} loading={remove.isPending} onClick={() => remove.mutate(existing.date)}>
                {t('calendars.resetDay')}
              </Button>
            ) : <span />}
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={set.isPending}>{t('common.save')}</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function SpecialDaysCard({ calendarId, year, onYear, canManage, onEdit }: {
  calendarId: string; year: number; onYear: (y: number) => void; canManage: boolean; onEdit: (d: DayTarget | 'new') => void;
}) {
  const { t, i18n } = useTranslation();
  const days = useQuery({ queryKey: ['admin', 'calendar-days', calendarId, year],
    queryFn: () => unwrap(api.GET('/api/admin/calendars/{id}/days', { params: { path: { id: calendarId }, query: { year: String(year) } } })) });
  const years = Array.from({ length: 5 }, (_, i) => String(new Date().getFullYear() - 1 + i));
  if (!years.includes(String(year))) years.push(String(year));
  return (
    <Card withBorder radius="lg" padding="lg">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">{t('calendars.specialDays')}</Title>
          <Group gap="sm">
            <Select aria-label={t('calendars.year')} data={years.sort()} value={String(year)} onChange={(y) => y && onYear(Number(y))} w={110} allowDeselect={false}
              comboboxProps={{ withinPortal: true }} />
            {canManage && <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => onEdit('new')}>{t('calendars.addDay')}</Button>}
          </Group>
        </Group>
        <Text size="sm" c="dimmed">{t('calendars.specialDaysHint')}</Text>
        <ProblemAlert error={days.error} />
        {days.isPending ? <Loading /> : (days.data?.items.length ?? 0) === 0 ? <Text size="sm" c="dimmed">{t('calendars.noSpecialDays', { year })}</Text> : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('calendars.date')}</Table.Th>
                  <Table.Th>{t('calendars.dayKind')}</Table.Th>
                  <Table.Th>{t('calendars.dayName')}</Table.Th>
                  {canManage && <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {days.data!.items.map((d) => (
                  <Table.Tr key={d.date} data-testid="special-day">
                    <Table.Td><Text size="sm">{formatDate(d.date, i18n.language)}</Text></Table.Td>
                    <Table.Td><Badge color={d.kind === 'holiday' ? 'red' : 'orange'} variant="light">{t(`calendars.kind.${d.kind}`)}</Badge></Table.Td>
                    <Table.Td><Text size="sm">{d.name}</Text></Table.Td>
                    {canManage && (
                      <Table.Td ta="right">
                        <Tooltip label={t('common.edit')}>
                          <Button size="compact-xs" variant="default" onClick={() => onEdit({ date: d.date, kind: d.kind, name: d.name })}>{t('common.edit')}</Button>
                        </Tooltip>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

function DueCard({ calendarId }: { calendarId: string }) {
  const { t, i18n } = useTranslation();
  const form = useForm({ initialValues: { start: dayjs().format('YYYY-MM-DD HH:mm:ss') as string | null, amount: 1 as number | string, unit: 'day' } });
  const due = useMutation({
    mutationFn: (f: typeof form.values) => unwrap(api.POST('/api/admin/calendars/{id}/due', { params: { path: { id: calendarId } }, body: {
      start: dayjs(f.start ?? undefined).format(), duration: `${f.amount} working ${f.unit}${Number(f.amount) === 1 ? '' : 's'}`,
    } })),
  });
  return (
    <Card withBorder radius="lg" padding="lg">
      <form noValidate onSubmit={form.onSubmit((f) => due.mutate(f))}>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('calendars.dueTitle')}</Title>
          <Text size="sm" c="dimmed">{t('calendars.dueHint')}</Text>
          <ProblemAlert error={due.error} />
          <Group align="flex-end" gap="sm" wrap="wrap">
            <DateTimePicker label={t('calendars.dueStart')} valueFormat="YYYY-MM-DD HH:mm" w={200} {...form.getInputProps('start')} popoverProps={{ withinPortal: true }} />
            <NumberInput label={t('calendars.dueAmount')} min={0.5} step={0.5} decimalScale={2} w={110} {...form.getInputProps('amount')} />
            <Select label={t('calendars.dueUnit')} w={140} allowDeselect={false} comboboxProps={{ withinPortal: true }}
              data={[{ value: 'day', label: t('calendars.units.day') }, { value: 'hour', label: t('calendars.units.hour') }, { value: 'minute', label: t('calendars.units.minute') }]}
              {...form.getInputProps('unit')} />
            <Button type="submit" variant="light" loading={due.isPending}>{t('calendars.dueCompute')}</Button>
          </Group>
          {due.data && (
            <Alert color="blue" variant="light" data-testid="due-result">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Field label={t('calendars.dueAt')}><Text fw={600}>{formatDateTime(due.data.dueAt, i18n.language)}</Text></Field>
                <Field label={t('calendars.dueMinutes')}>{formatHours(due.data.workingMinutes, t)}</Field>
              </SimpleGrid>
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}

/** One working calendar: settings, weekly hours, holidays and make-up days, the month view, and a due-time calculator. */
export function CalendarDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const canManage = can(me.data, 'calendar:manage');
  const [month, setMonth] = useState(currentMonth());
  const [year, setYear] = useState(Number(currentMonth().slice(0, 4)));
  const [editing, setEditing] = useState<DayTarget | 'new' | null>(null);
  const cal = useQuery({ queryKey: ['admin', 'calendar', id], queryFn: () => unwrap(api.GET('/api/admin/calendars/{id}', { params: { path: { id } } })) });
  return (
    <Page title={cal.data ? <Group gap="sm">{cal.data.name}{cal.data.isDefault && <Badge variant="light">{t('calendars.default')}</Badge>}</Group> : t('calendars.title')}
      description={<Anchor component={Link} to="/admin/calendars" size="sm">← {t('calendars.title')}</Anchor>}>
      <ProblemAlert error={cal.error} />
      {cal.isPending ? <Loading /> : cal.data && (
        <Tabs defaultValue="month" keepMounted={false} variant="outline" radius="md">
          <Tabs.List mb="md">
            <Tabs.Tab value="month">{t('calendars.monthView')}</Tabs.Tab>
            <Tabs.Tab value="days" data-testid="tab-days">{t('calendars.specialDays')}</Tabs.Tab>
            <Tabs.Tab value="week">{t('calendars.weeklyHours')}</Tabs.Tab>
            <Tabs.Tab value="settings">{t('calendars.settings')}</Tabs.Tab>
            <Tabs.Tab value="due">{t('calendars.dueTitle')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="month">
            <Card withBorder radius="lg" padding="lg">
              <Stack gap="sm">
                {canManage && <Text size="sm" c="dimmed">{t('calendars.monthHint')}</Text>}
                <MonthView calendarId={id} month={month} onMonth={(m) => { setMonth(m); setYear(Number(m.slice(0, 4))); }}
                  {...(canManage ? { onPick: (d: DayTarget) => setEditing({ date: d.date, kind: d.kind, name: d.name }) } : {})} />
              </Stack>
            </Card>
          </Tabs.Panel>
          <Tabs.Panel value="days">
            <SpecialDaysCard calendarId={id} year={year} onYear={setYear} canManage={canManage} onEdit={setEditing} />
          </Tabs.Panel>
          <Tabs.Panel value="week"><WeekCard key={cal.data.updatedAt} cal={cal.data} canManage={canManage} /></Tabs.Panel>
          <Tabs.Panel value="settings"><SettingsCard key={`s-${cal.data.updatedAt}`} cal={cal.data} canManage={canManage} /></Tabs.Panel>
          <Tabs.Panel value="due"><DueCard calendarId={id} /></Tabs.Panel>
        </Tabs>
      )}
      {editing && <DayModal key={editing === 'new' ? 'new' : editing.date} calendarId={id} target={editing} onClose={() => setEditing(null)} />}
    </Page>
  );
}

