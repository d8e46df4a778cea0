import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { LoadMore, usePagedList } from '../../lib/paging';
import { useValidators } from '../../lib/validators';
import { DEFAULT_WEEK, formatHours, weekProblem, WeeklyHoursEditor, type WeeklyHours } from './calendar/WeeklyHoursEditor';

function NewCalendarModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const v = useValidators();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [week, setWeek] = useState<WeeklyHours>(DEFAULT_WEEK);
  const form = useForm({
    initialValues: { name: '', timeZone: 'Asia/Shanghai', isDefault: false, serviceUse: true },
    validate: { name: v.required, timeZone: v.required },
  });
  const problem = weekProblem(week, t);
  const create = useMutation({
    mutationFn: (f: typeof form.values) => unwrap(api.POST('/api/admin/calendars', { body: {
      name: f.name.trim(), timeZone: f.timeZone.trim(), weeklyHours: week, isDefault: f.isDefault, serviceUse: f.serviceUse,
    } })),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['admin', 'calendars'] });
      notifications.show({ color: 'green', message: t('calendars.created', { name: c.name }) });
      onClose();
      navigate(`/admin/calendars/${c.id}`);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('calendars.newTitle')} size="xl">
      <form noValidate onSubmit={form.onSubmit((f) => { if (!problem) create.mutate(f); })}>
        <Stack gap="sm">
          <ProblemAlert error={create.error} />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label={t('calendars.name')} required data-autofocus {...form.getInputProps('name')} />
            <TextInput label={t('calendars.timeZone')} description={t('calendars.timeZoneHint')} required {...form.getInputProps('timeZone')} />
          </Group>
          <Checkbox label={t('calendars.serviceUse')} description={t('calendars.serviceUseHint')} {...form.getInputProps('serviceUse', { type: 'checkbox' })} />
          <Checkbox label={t('calendars.makeDefault')} {...form.getInputProps('isDefault', { type: 'checkbox' })} />
          <Text size="sm" fw={500} mt="xs">{t('calendars.weeklyHours')}</Text>
          <WeeklyHoursEditor value={week} onChange={setWeek} />
          {problem && <Alert color="yellow" variant="light">{problem}</Alert>}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} disabled={Boolean(problem)}>{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Working calendars: which one is the default, their weekly hours; open one to edit holidays and make-up days. */
export function CalendarsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const list = usePagedList(['admin', 'calendars'], (cursor) => unwrap(api.GET('/api/admin/calendars', { params: { query: { limit: PAGE_SIZE, cursor } } })));
  return (
    <Page title={t('calendars.title')} description={t('calendars.hint')}
      actions={can(me.data, 'calendar:manage') && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>{t('calendars.new')}</Button>}>
      <ProblemAlert error={list.error} />
      <Card withBorder radius="lg" padding={0}>
        {list.isPending ? <Loading /> : list.items.length > 0 && (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('calendars.name')}</Table.Th>
                  <Table.Th>{t('calendars.timeZone')}</Table.Th>
                  <Table.Th>{t('calendars.weeklyTotal')}</Table.Th>
                  <Table.Th>{t('calendars.standardDay')}</Table.Th>
                  <Table.Th>{t('calendars.use')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((c) => (
                  <Table.Tr key={c.id} data-testid="calendar-row">
                    <Table.Td>
                      <Group gap={6}>
                        <Anchor component={Link} to={`/admin/calendars/${c.id}`} fw={500} size="sm">{c.name}</Anchor>
                        {c.isDefault && <Badge size="sm" variant="light">{t('calendars.default')}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td><Text size="sm">{c.timeZone}</Text></Table.Td>
                    <Table.Td><Text size="sm">{formatHours(c.weeklyMinutes, t)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{formatHours(c.standardDayMinutes, t)}</Text></Table.Td>
                    <Table.Td>{c.serviceUse ? <Badge variant="dot" color="green">{t('calendars.forService')}</Badge> : <Badge variant="dot" color="gray">{t('calendars.notForService')}</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={list} />
      </Card>
      {creating && <NewCalendarModal opened onClose={() => setCreating(false)} />}
    </Page>
  );
}
