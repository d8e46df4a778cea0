import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Fieldset, Group, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Switch,
  TagsInput, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { CatalogProblem, fieldErrors } from './problem';
import { colon, keys, PRICE_TAG_FIELDS, PRICE_TYPES, useAccountNames, useFmt, type AttributeDef, type Rule, type RuleBody } from './shared';

type AttrForm = {
  uid: string; key: string; label: string; labelEn: string; type: AttributeDef['type']; unit: string; options: string[]; required: boolean;
  level: AttributeDef['level']; filterable: boolean;
};
type RuleForm = {
  criteria: string; attributes: AttrForm[]; titleMinLength: number | string; titleMaxLength: number | string; prohibitedTerms: string[];
  requiredQualifications: string[]; priceTagRequired: string[]; qualityStandardRequired: boolean; reviewMode: RuleBody['reviewMode'];
  allowedPriceTypes: string[]; pricing: { approvalThresholdPct: number | string; maxDiscountPct: number | string; displayMode: RuleBody['pricing']['displayMode'] };
  reviewDueOn: string | null; note: string;
};

let uidSeq = 0;
const uid = () => `a${(uidSeq += 1)}`;
const KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;

function toForm(r: Rule): RuleForm {
  return {
    criteria: r.criteria,
    attributes: r.attributes.map((a) => ({ uid: uid(), key: a.key, label: a.label, labelEn: a.labelEn, type: a.type, unit: a.unit ?? '',
      options: a.options ?? [], required: a.required, level: a.level, filterable: Boolean(a.filterable) })),
    titleMinLength: r.titleMinLength, titleMaxLength: r.titleMaxLength, prohibitedTerms: r.prohibitedTerms, requiredQualifications: r.requiredQualifications,
    priceTagRequired: r.priceTagRequired, qualityStandardRequired: r.qualityStandardRequired, reviewMode: r.reviewMode,
    allowedPriceTypes: r.allowedPriceTypes,
    pricing: { approvalThresholdPct: r.pricing.approvalThresholdPct, maxDiscountPct: r.pricing.maxDiscountPct ?? '', displayMode: r.pricing.displayMode },
    reviewDueOn: r.reviewDueOn, note: '',
  };
}

function toBody(f: RuleForm): RuleBody {
  const maxDiscount = f.pricing.maxDiscountPct === '' ? undefined : Number(f.pricing.maxDiscountPct);
  return {
    criteria: f.criteria.trim(),
    attributes: f.attributes.map((a) => ({
      key: a.key.trim(), label: a.label.trim(), labelEn: a.labelEn.trim(), type: a.type, required: a.required, level: a.level,
      ...(a.unit.trim() ? { unit: a.unit.trim() } : {}),
      ...(a.type === 'enum' ? { options: a.options.map((o) => o.trim()).filter(Boolean) } : {}),
      ...(a.filterable ? { filterable: true } : {}),
    })),
    titleMinLength: Number(f.titleMinLength), titleMaxLength: Number(f.titleMaxLength),
    prohibitedTerms: f.prohibitedTerms.map((x) => x.trim()).filter(Boolean),
    requiredQualifications: f.requiredQualifications.map((x) => x.trim()).filter(Boolean),
    priceTagRequired: f.priceTagRequired as RuleBody['priceTagRequired'],
    qualityStandardRequired: f.qualityStandardRequired,
    reviewMode: f.reviewMode,
    allowedPriceTypes: f.allowedPriceTypes as RuleBody['allowedPriceTypes'],
    pricing: { approvalThresholdPct: Number(f.pricing.approvalThresholdPct), ...(maxDiscount !== undefined ? { maxDiscountPct: maxDiscount } : {}),
      displayMode: f.pricing.displayMode },
    reviewDueOn: f.reviewDueOn ? dayjs(f.reviewDueOn).format('YYYY-MM-DD') : '',
    note: f.note.trim(),
  };
}

function Section({ title, children, testid }: { title: string; children: ReactNode; testid: string }) {
  return (
    <Card withBorder radius="lg" padding="lg" data-testid={testid}>
      <Stack gap="sm">
        <Title order={3} size="h5">{title}</Title>
        {children}
      </Stack>
    </Card>
  );
}

/** The classification and description rule of a category; saving publishes a new version (PUT …/rule). */
export function RuleEditor({ categoryId, rule, canManage }: { categoryId: string; rule: Rule; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const f = useFmt();
  const nameOf = useAccountNames();
  const qc = useQueryClient();
  const form = useForm<RuleForm>({
    initialValues: toForm(rule),
    validate: {
      attributes: {
        key: (v, values, path) => {
          if (!KEY_RE.test(v.trim())) return t('catalogAdmin.validation.keyFormat');
          const i = Number(path.split('.')[1]);
          return values.attributes.some((a, j) => j < i && a.key.trim() === v.trim()) ? t('catalogAdmin.validation.keyTwice') : null;
        },
        label: (v) => (v.trim() ? null : t('catalogAdmin.validation.required')),
        labelEn: (v) => (v.trim() ? null : t('catalogAdmin.validation.required')),
        options: (v, values, path) => {
          const i = Number(path.split('.')[1]);
          return values.attributes[i]?.type === 'enum' && v.length === 0 ? t('catalogAdmin.validation.enumNeedsOptions') : null;
        },
      },
      titleMinLength: (v, values) => (Number(v) > Number(values.titleMaxLength) ? t('catalogAdmin.validation.titleBounds') : null),
      allowedPriceTypes: (v) => (v.length ? null : t('catalogAdmin.validation.priceTypes')),
      reviewDueOn: (v) => (v ? null : t('catalogAdmin.validation.date')),
    },
  });
  const publish = useMutation({
    mutationFn: (body: RuleBody) => unwrap(api.PUT('/api/admin/catalog/categories/{id}/rule', { params: { path: { id: categoryId } }, body })),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'green', message: t('catalogAdmin.category.published', { n: r.version }) });
      form.setValues(toForm(r));
      form.resetDirty(toForm(r));
    },
    onError: (e) => form.setErrors(fieldErrors(t, i18n.language, e)),
  });
  const attrs = form.values.attributes;
  const dueOverdue = form.values.reviewDueOn ? dayjs(form.values.reviewDueOn).format('YYYY-MM-DD') < dayjs().format('YYYY-MM-DD') : false;
  const priceTypeOptions = PRICE_TYPES.map((p) => ({ value: p, label: t(`catalogAdmin.priceType.${p}`) }));

  return (
    <form noValidate data-testid="rule-form"
      onSubmit={form.onSubmit((v) => publish.mutate(toBody(v)), () => notifications.show({ color: 'red', message: t('catalogAdmin.category.fixErrors') }))}>
      <Fieldset variant="unstyled" disabled={!canManage} m={0} p={0}>
        <Stack gap="md">
          {!canManage && <Alert color="gray" variant="light">{t('catalogAdmin.common.readOnly')}</Alert>}
          <CatalogProblem error={publish.error} />

          <Section title={t('catalogAdmin.category.sections.criteria')} testid="rule-section-criteria">
            <Textarea label={t('catalogAdmin.category.criteria')} description={t('catalogAdmin.category.criteriaHint')} autosize minRows={3} maxRows={12}
              maxLength={4000} data-testid="rule-criteria" {...form.getInputProps('criteria')} />
          </Section>

          <Section title={t('catalogAdmin.category.sections.attributes')} testid="rule-section-attributes">
            <Text size="xs" c="dimmed">{t('catalogAdmin.category.attrKey')}{colon(t)}{t('catalogAdmin.category.attrKeyHint')}</Text>
            {attrs.length === 0 && <Text size="sm" c="dimmed">{t('catalogAdmin.category.attrEmpty')}</Text>}
            {attrs.map((a, i) => (
              <Paper key={a.uid} withBorder radius="md" p="sm" bg="var(--mantine-color-gray-0)" data-testid="rule-attr" data-key={a.key}>
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap">
                    <Group gap={6}>
                      <Text size="sm" fw={600}>{t('catalogAdmin.category.attrNumber', { n: i + 1 })}</Text>
                      {a.label && <Text size="sm" c="dimmed" translate="no">{f.en ? a.labelEn : a.label}</Text>}
                    </Group>
                    {canManage && (
                      <Group gap={4} wrap="nowrap">
                        <Tooltip label={t('catalogAdmin.category.attrUp')}>
                          <ActionIcon variant="subtle" color="gray" disabled={i === 0} aria-label={t('catalogAdmin.category.attrUp')}
                            onClick={() => form.reorderListItem('attributes', { from: i, to: i - 1 })}><IconArrowUp size={16} /></ActionIcon>
                        </Tooltip>
                        <Tooltip label={t('catalogAdmin.category.attrDown')}>
                          <ActionIcon variant="subtle" color="gray" disabled={i === attrs.length - 1} aria-label={t('catalogAdmin.category.attrDown')}
                            onClick={() => form.reorderListItem('attributes', { from: i, to: i + 1 })}><IconArrowDown size={16} /></ActionIcon>
                        </Tooltip>
                        <Tooltip label={t('catalogAdmin.category.attrRemove')}>
                          <ActionIcon variant="subtle" color="red" aria-label={t('catalogAdmin.category.attrRemove')} data-testid="rule-attr-remove"
                            onClick={() => form.removeListItem('attributes', i)}><IconTrash size={16} /></ActionIcon>
                        </Tooltip>
                      </Group>
                    )}
                  </Group>
                  <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
                    <TextInput label={t('catalogAdmin.category.attrKey')} required maxLength={40}
                      translate="no" data-testid="rule-attr-key" {...form.getInputProps(`attributes.${i}.key`)} />
                    <TextInput label={t('catalogAdmin.category.attrLabel')} required maxLength={40} data-testid="rule-attr-label"
                      {...form.getInputProps(`attributes.${i}.label`)} />
                    <TextInput label={t('catalogAdmin.category.attrLabelEn')} required maxLength={40} lang="en" data-testid="rule-attr-label-en"
                      {...form.getInputProps(`attributes.${i}.labelEn`)} />
                    <Select label={t('catalogAdmin.category.attrType')} allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="rule-attr-type"
                      data={(['text', 'number', 'enum', 'boolean'] as const).map((x) => ({ value: x, label: t(`catalogAdmin.attrType.${x}`) }))}
                      {...form.getInputProps(`attributes.${i}.type`)} />
                    <TextInput label={t('catalogAdmin.category.attrUnit')} maxLength={16} data-testid="rule-attr-unit" {...form.getInputProps(`attributes.${i}.unit`)} />
                    <Select label={t('catalogAdmin.category.attrLevel')} allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="rule-attr-level"
                      data={(['product', 'sku'] as const).map((x) => ({ value: x, label: t(`catalogAdmin.attrLevel.${x}`) }))}
                      {...form.getInputProps(`attributes.${i}.level`)} />
                    <Stack gap={6} justify="flex-end" pb={4}>
                      <Checkbox label={t('catalogAdmin.category.attrRequired')} data-testid="rule-attr-required"
                        {...form.getInputProps(`attributes.${i}.required`, { type: 'checkbox' })} />
                      <Checkbox label={t('catalogAdmin.category.attrFilterable')} data-testid="rule-attr-filterable"
                        {...form.getInputProps(`attributes.${i}.filterable`, { type: 'checkbox' })} />
                    </Stack>
                  </SimpleGrid>
                  {a.type === 'enum' && (
                    <TagsInput label={t('catalogAdmin.category.attrOptions')} description={t('catalogAdmin.category.attrOptionsHint')} required
                      maxTags={100} clearable data-testid="rule-attr-options" {...form.getInputProps(`attributes.${i}.options`)} />
                  )}
                </Stack>
              </Paper>
            ))}
            {canManage && (
              <Group>
                <Button variant="light" leftSection={<IconPlus size={16} />} data-testid="rule-attr-add" disabled={attrs.length >= 60}
                  onClick={() => form.insertListItem('attributes', { uid: uid(), key: '', label: '', labelEn: '', type: 'text', unit: '', options: [],
                    required: false, level: 'product', filterable: false } satisfies AttrForm)}>
                  {t('catalogAdmin.category.attrAdd')}
                </Button>
              </Group>
            )}
          </Section>

          <Section title={t('catalogAdmin.category.sections.title')} testid="rule-section-title">
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
              <NumberInput label={t('catalogAdmin.category.titleMin')} min={1} max={120} allowDecimal={false} allowNegative={false} data-testid="rule-title-min"
                {...form.getInputProps('titleMinLength')} />
              <NumberInput label={t('catalogAdmin.category.titleMax')} min={1} max={120} allowDecimal={false} allowNegative={false} data-testid="rule-title-max"
                {...form.getInputProps('titleMaxLength')} />
            </SimpleGrid>
            <TagsInput label={t('catalogAdmin.category.prohibitedTerms')} description={t('catalogAdmin.category.prohibitedTermsHint')} maxTags={500}
              clearable data-testid="rule-prohibited" {...form.getInputProps('prohibitedTerms')} />
            <TagsInput label={t('catalogAdmin.category.qualifications')} description={t('catalogAdmin.category.qualificationsHint')} maxTags={20}
              clearable data-testid="rule-qualifications" {...form.getInputProps('requiredQualifications')} />
          </Section>

          <Section title={t('catalogAdmin.category.sections.priceTag')} testid="rule-section-price-tag">
            <Checkbox.Group label={t('catalogAdmin.category.priceTagRequired')} description={t('catalogAdmin.category.priceTagRequiredHint')}
              data-testid="rule-price-tag" {...form.getInputProps('priceTagRequired')}>
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" mt="xs">
                {PRICE_TAG_FIELDS.map((p) => <Checkbox key={p} value={p} label={t(`catalogAdmin.priceTagField.${p}`)} data-testid={`rule-price-tag-${p}`} />)}
              </SimpleGrid>
            </Checkbox.Group>
            <Switch label={t('catalogAdmin.category.qualityRequired')} description={t('catalogAdmin.category.qualityRequiredHint')} mt="xs"
              data-testid="rule-quality-required" {...form.getInputProps('qualityStandardRequired', { type: 'checkbox' })} />
          </Section>

          <Section title={t('catalogAdmin.category.sections.review')} testid="rule-section-review">
            <Stack gap={4}>
              <Text size="sm" fw={500}>{t('catalogAdmin.category.reviewMode')}</Text>
              <Text size="xs" c="dimmed">{t('catalogAdmin.category.reviewModeHint')}</Text>
              <SegmentedControl data-testid="rule-review-mode" maw={360} aria-label={t('catalogAdmin.category.reviewMode')} disabled={!canManage}
                data={(['manual', 'auto'] as const).map((m) => ({ value: m, label: t(`catalogAdmin.reviewMode.${m}`) }))}
                {...form.getInputProps('reviewMode')} />
            </Stack>
            <Checkbox.Group label={t('catalogAdmin.category.allowedPriceTypes')} data-testid="rule-price-types" {...form.getInputProps('allowedPriceTypes')}>
              <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" mt="xs">
                {priceTypeOptions.map((p) => <Checkbox key={p.value} value={p.value} label={p.label} data-testid={`rule-price-type-${p.value}`} />)}
              </SimpleGrid>
            </Checkbox.Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <NumberInput label={t('catalogAdmin.category.approvalThreshold')} description={t('catalogAdmin.category.approvalThresholdHint')} min={0} max={1000}
                allowDecimal={false} allowNegative={false} suffix="%" data-testid="rule-threshold" {...form.getInputProps('pricing.approvalThresholdPct')} />
              <NumberInput label={t('catalogAdmin.category.maxDiscount')} description={t('catalogAdmin.category.maxDiscountHint')} min={0} max={100}
                allowDecimal={false} allowNegative={false} suffix="%" data-testid="rule-max-discount" {...form.getInputProps('pricing.maxDiscountPct')} />
              <Select label={t('catalogAdmin.category.displayMode')} allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="rule-display-mode"
                data={(['list_struck', 'retail_only'] as const).map((m) => ({ value: m, label: t(`catalogAdmin.displayMode.${m}`) }))}
                {...form.getInputProps('pricing.displayMode')} />
            </SimpleGrid>
          </Section>

          <Section title={t('catalogAdmin.category.sections.due')} testid="rule-section-due">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <DateInput label={t('catalogAdmin.category.reviewDueOn')} description={t('catalogAdmin.category.reviewDueHint')} required valueFormat="YYYY-MM-DD"
                popoverProps={{ withinPortal: true }} data-testid="rule-review-due" {...form.getInputProps('reviewDueOn')}
                rightSection={dueOverdue ? <IconAlertTriangle size={16} color="var(--mantine-color-red-7)" /> : undefined} />
            </SimpleGrid>
            {dueOverdue && <Badge color="red" variant="light" tt="none" w="fit-content" data-testid="rule-overdue">{t('catalogAdmin.categories.overdue')}</Badge>}
            <Textarea label={t('catalogAdmin.category.note')} description={t('catalogAdmin.category.noteHint')} autosize minRows={2} maxLength={500}
              data-testid="rule-note" {...form.getInputProps('note')} />
          </Section>

          {canManage && (
            <Card withBorder radius="lg" padding="md" shadow={form.isDirty() ? 'md' : undefined} data-testid="rule-actions">
              <Group justify="space-between" gap="sm" wrap="wrap">
                <Text size="sm" c={form.isDirty() ? 'orange.8' : 'dimmed'}>
                  {form.isDirty() ? t('catalogAdmin.category.unsaved') : t('catalogAdmin.category.ruleBy', { n: rule.version, who: nameOf(rule.createdBy), when: f.dateTime(rule.createdAt) })}
                </Text>
                <Group gap="sm">
                  {form.isDirty() && <Button variant="default" onClick={() => { form.reset(); publish.reset(); }} data-testid="rule-reset">{t('catalogAdmin.category.reset')}</Button>}
                  <Button type="submit" loading={publish.isPending} disabled={!form.isDirty()} data-testid="rule-publish">{t('catalogAdmin.category.publish')}</Button>
                </Group>
              </Group>
            </Card>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}
