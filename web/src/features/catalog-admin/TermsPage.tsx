import { ActionIcon, Badge, Button, Card, Code, Group, Modal, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { ConfirmModal } from './dialogs';
import { CatalogProblem, fieldErrors } from './problem';
import { keys, useFmt, type Term } from './shared';

type Kind = Term['kind'];
const KINDS: Kind[] = ['prohibited', 'quality_claim'];

function AddTermModal({ opened, kind, onClose }: { opened: boolean; kind: Kind; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const form = useForm({
    initialValues: { term: '', kind, note: '' },
    validate: { term: (v) => (v.trim() ? null : t('catalogAdmin.validation.required')) },
  });
  const add = useMutation({
    mutationFn: (f: typeof form.values) => unwrap(api.POST('/api/admin/catalog/terms', { body: {
      term: f.term.trim(), kind: f.kind, ...(f.note.trim() ? { note: f.note.trim() } : {}),
    } })),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: keys.terms });
      notifications.show({ color: 'green', title: t('catalogAdmin.terms.added'), message: <span translate="no">{r.term}</span> });
      close();
    },
    onError: (e) => form.setErrors(fieldErrors(t, i18n.language, e)),
  });
  const close = () => { form.reset(); add.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={t('catalogAdmin.terms.add')} data-testid="term-add-dialog">
      <form noValidate onSubmit={form.onSubmit((f) => add.mutate(f))} data-testid="term-form">
        <Stack gap="sm">
          <CatalogProblem error={add.error} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>{t('catalogAdmin.terms.kind')}</Text>
            <SegmentedControl fullWidth data={KINDS.map((k) => ({ value: k, label: t(`catalogAdmin.terms.${k}`) }))} data-testid="term-kind"
              aria-label={t('catalogAdmin.terms.kind')} {...form.getInputProps('kind')} />
            <Text size="xs" c="dimmed">{t(`catalogAdmin.terms.${form.values.kind}Hint`)}</Text>
          </Stack>
          <TextInput label={t('catalogAdmin.terms.term')} required maxLength={40} data-autofocus data-testid="term-input" {...form.getInputProps('term')} />
          <TextInput label={t('catalogAdmin.terms.note')} description={t('catalogAdmin.terms.noteHint')} maxLength={200} data-testid="term-note"
            {...form.getInputProps('note')} />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={add.isPending} data-testid="term-add-submit">{t('catalogAdmin.terms.add')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TermGroup({ kind, items, canManage, onAdd, onRemove }: { kind: Kind; items: Term[]; canManage: boolean; onAdd: () => void; onRemove: (x: Term) => void }) {
  const { t } = useTranslation();
  const f = useFmt();
  return (
    <Card withBorder radius="lg" padding="md" data-testid={`terms-${kind}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Title order={3} size="h5">{t(`catalogAdmin.terms.${kind}`)}</Title>
              <Badge tt="none" variant="light" color={kind === 'prohibited' ? 'red' : 'yellow'} data-testid="terms-count">{t('catalogAdmin.terms.count', { count: items.length })}</Badge>
            </Group>
            <Text size="xs" c="dimmed">{t(`catalogAdmin.terms.${kind}Hint`)}</Text>
          </Stack>
          {canManage && (
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={onAdd} data-testid={`term-add-${kind}`} style={{ flex: 'none' }}>
              {t('catalogAdmin.terms.add')}
            </Button>
          )}
        </Group>
        {items.length === 0 ? <Text size="sm" c="dimmed">{t('catalogAdmin.terms.empty')}</Text> : (
          <Group gap={8} wrap="wrap">
            {items.map((x) => (
              <Tooltip key={x.id} label={<>{x.note && <Text size="xs" translate="no">{x.note}</Text>}<Text size="xs">{f.dateTime(x.createdAt)}</Text></>} withArrow>
                <Badge size="lg" radius="sm" variant="light" color={kind === 'prohibited' ? 'red' : 'yellow'} tt="none" data-testid="term-item" data-term={x.term}
                  pr={canManage ? 4 : undefined} translate="no" c={kind === 'prohibited' ? 'red.9' : 'yellow.9'}
                  rightSection={canManage && (
                    <ActionIcon size="xs" variant="transparent" color={kind === 'prohibited' ? 'red.9' : 'yellow.9'} onClick={() => onRemove(x)}
                      aria-label={t('catalogAdmin.terms.removeLabel', { term: x.term })} data-testid="term-remove">
                      <IconX size={12} />
                    </ActionIcon>
                  )}>
                  {x.term}
                </Badge>
              </Tooltip>
            ))}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** The platform's moderation terms: prohibited wording (blocks a submission) and quality claims (flag it). */
export function TermsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const canManage = can(me.data, 'category:manage');
  const [adding, setAdding] = useState<Kind | null>(null);
  const [removing, setRemoving] = useState<Term | null>(null);
  const [q, setQ] = useState('');
  const terms = useQuery({ queryKey: keys.terms, queryFn: () => unwrap(api.GET('/api/admin/catalog/terms')) });
  const remove = useMutation({
    mutationFn: (x: Term) => unwrap(api.DELETE('/api/admin/catalog/terms/{id}', { params: { path: { id: x.id } } })),
    onSuccess: (_r, x) => {
      void qc.invalidateQueries({ queryKey: keys.terms });
      notifications.show({ color: 'green', title: t('catalogAdmin.terms.removed'), message: <span translate="no">{x.term}</span> });
      setRemoving(null);
    },
  });
  const needle = q.trim().toLowerCase();
  const items = (terms.data?.items ?? []).filter((x) => !needle || x.term.toLowerCase().includes(needle) || x.note.toLowerCase().includes(needle));
  return (
    <Page title={t('catalogAdmin.terms.title')} description={t('catalogAdmin.terms.hint')}>
      <TextInput placeholder={t('catalogAdmin.terms.filter')} aria-label={t('catalogAdmin.terms.filter')} leftSection={<IconSearch size={16} />} maw={360}
        value={q} onChange={(e) => setQ(e.currentTarget.value)} data-testid="terms-filter" />
      <CatalogProblem error={terms.error} />
      {terms.isPending ? <Loading /> : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {KINDS.map((k) => (
            <TermGroup key={k} kind={k} items={items.filter((x) => x.kind === k)} canManage={canManage} onAdd={() => setAdding(k)} onRemove={setRemoving} />
          ))}
        </SimpleGrid>
      )}
      <AddTermModal key={adding ?? 'none'} opened={Boolean(adding)} kind={adding ?? 'prohibited'} onClose={() => setAdding(null)} />
      <ConfirmModal opened={Boolean(removing)} onClose={() => { setRemoving(null); remove.reset(); }} testid="term-remove"
        title={t('catalogAdmin.terms.removeTitle')}
        body={<><Code translate="no" fz="sm">{removing?.term}</Code> {t('catalogAdmin.terms.removeBody')}</>}
        confirmLabel={t('catalogAdmin.terms.remove')} color="red" pending={remove.isPending} error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)} />
    </Page>
  );
}
