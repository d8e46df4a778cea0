import { Button, Group, Modal, NumberInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { CatalogProblem, fieldErrors } from './problem';
import { keys, useCategories, type Category } from './shared';

/** A confirmation with the API's problem shown inside the dialog. */
export function ConfirmModal({ opened, onClose, title, body, confirmLabel, color, pending, error, onConfirm, testid }: {
  opened: boolean; onClose: () => void; title: ReactNode; body: ReactNode; confirmLabel: string; color?: string; pending: boolean; error: unknown;
  onConfirm: () => void; testid: string;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="md" data-testid={`${testid}-dialog`}>
      <Stack gap="sm">
        <CatalogProblem error={error} />
        <Text size="sm">{body}</Text>
        <Group justify="flex-end" gap="sm" mt="sm">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color={color} loading={pending} onClick={onConfirm} data-testid={`${testid}-confirm`}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * A decision that needs a reason (reject, take down) or takes an optional note (approve). The reason
 * is checked here as the API does (at least 2 characters), so the common mistake needs no round trip.
 */
export function ReasonModal({ opened, onClose, title, body, label, description, confirmLabel, color, required, pending, error, onSubmit, testid, children }: {
  opened: boolean; onClose: () => void; title: ReactNode; body?: ReactNode; label: string; description?: string; confirmLabel: string; color?: string;
  required: boolean; pending: boolean; error: unknown; onSubmit: (text: string) => void; testid: string; children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const form = useForm({
    initialValues: { text: '' },
    validate: { text: (v) => (required && v.trim().length < 2 ? t('catalogAdmin.validation.reasonShort') : null) },
  });
  useEffect(() => {
    const errs = fieldErrors(t, i18n.language, error);
    const msg = errs.reason ?? errs.note;
    if (msg) form.setFieldError('text', msg);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when a new problem arrives
  }, [error]);
  const close = () => { form.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={title} size="md" data-testid={`${testid}-dialog`}>
      <form noValidate onSubmit={form.onSubmit((f) => onSubmit(f.text.trim()))}>
        <Stack gap="sm">
          <CatalogProblem error={error} />
          {body && <Text size="sm">{body}</Text>}
          {children}
          <Textarea label={label} description={description} required={required} autosize minRows={3} maxRows={8} maxLength={500} data-autofocus
            data-testid={`${testid}-reason`} {...form.getInputProps('text')} />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" color={color} loading={pending} data-testid={`${testid}-confirm`}>{confirmLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type CategoryForm = { name: string; nameEn: string; position: number | string };

/** Create a category (a root, or a child of `parent`) or edit one's names and position. */
export function CategoryFormModal({ opened, onClose, parent, category, onCreated }: {
  opened: boolean; onClose: () => void; parent?: Category | null; category?: Category; onCreated?: (c: Category) => void;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const cats = useCategories();
  const editing = Boolean(category);
  const form = useForm<CategoryForm>({
    initialValues: { name: category?.name ?? '', nameEn: category?.nameEn ?? '', position: category?.position ?? 0 },
    validate: {
      name: (v) => (v.trim() ? null : t('catalogAdmin.validation.required')),
      nameEn: (v) => (v.trim() ? null : t('catalogAdmin.validation.required')),
    },
  });
  useEffect(() => {
    if (opened) {
      const siblings = cats.items.filter((c) => c.parentId === (parent?.id ?? null));
      form.setValues({ name: category?.name ?? '', nameEn: category?.nameEn ?? '',
        position: category?.position ?? (siblings.length ? Math.max(...siblings.map((c) => c.position)) + 1 : 0) });
      form.resetDirty();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset when the dialog opens
  }, [opened, category?.id, parent?.id]);
  const save = useMutation({
    mutationFn: async (f: CategoryForm) => {
      const body = { name: f.name.trim(), nameEn: f.nameEn.trim(), position: Number(f.position) || 0 };
      return category
        ? unwrap(api.PATCH('/api/admin/catalog/categories/{id}', { params: { path: { id: category.id } }, body }))
        : unwrap(api.POST('/api/admin/catalog/categories', { body: { ...body, parentId: parent?.id ?? null } }));
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t(editing ? 'catalogAdmin.categories.updated' : 'catalogAdmin.categories.created', { name: cats.name(c) }) });
      close();
      if (!editing) onCreated?.(c);
    },
    onError: (e) => form.setErrors(fieldErrors(t, i18n.language, e)),
  });
  const close = () => { save.reset(); onClose(); };
  const title = editing ? t('catalogAdmin.categories.renameTitle')
    : parent ? t('catalogAdmin.categories.newChildTitle', { parent: cats.name(parent) }) : t('catalogAdmin.categories.newTitle');
  return (
    <Modal opened={opened} onClose={close} title={title} size="md" data-testid="category-form-dialog">
      <form noValidate onSubmit={form.onSubmit((f) => save.mutate(f))} data-testid="category-form">
        <Stack gap="sm">
          <CatalogProblem error={save.error} />
          {!editing && (
            <TextInput label={t('catalogAdmin.categories.parent')} value={parent ? cats.pathOf(parent.id) : t('catalogAdmin.categories.root')} readOnly variant="filled" />
          )}
          <TextInput label={t('catalogAdmin.categories.name')} required maxLength={40} data-autofocus data-testid="category-name" {...form.getInputProps('name')} />
          <TextInput label={t('catalogAdmin.categories.nameEn')} required maxLength={60} data-testid="category-name-en" lang="en" {...form.getInputProps('nameEn')} />
          <NumberInput label={t('catalogAdmin.categories.position')} description={t('catalogAdmin.categories.positionHint')} min={0} max={10000}
            allowDecimal={false} allowNegative={false} data-testid="category-position" {...form.getInputProps('position')} />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="category-form-submit">{editing ? t('common.save') : t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Close or reopen a category, after a confirmation. */
export function CategoryActiveModal({ category, onClose }: { category: Category | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const cats = useCategories();
  const toggle = useMutation({
    mutationFn: (c: Category) => unwrap(api.PATCH('/api/admin/catalog/categories/{id}', { params: { path: { id: c.id } }, body: { active: !c.active } })),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t(c.active ? 'catalogAdmin.categories.reopenedDone' : 'catalogAdmin.categories.closedDone', { name: cats.name(c) }) });
      close();
    },
  });
  const close = () => { toggle.reset(); onClose(); };
  const c = category;
  const closing = Boolean(c?.active);
  return (
    <ConfirmModal opened={Boolean(c)} onClose={close} testid="category-active"
      title={c ? t(closing ? 'catalogAdmin.categories.closeTitle' : 'catalogAdmin.categories.reopenTitle', { name: cats.name(c) }) : ''}
      body={t(closing ? 'catalogAdmin.categories.closeBody' : 'catalogAdmin.categories.reopenBody')}
      confirmLabel={t(closing ? 'catalogAdmin.categories.close' : 'catalogAdmin.categories.reopen')} color={closing ? 'red' : undefined}
      pending={toggle.isPending} error={toggle.error} onConfirm={() => c && toggle.mutate(c)} />
  );
}
