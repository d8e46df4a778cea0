import { ActionIcon, Alert, Autocomplete, Badge, Button, Card, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text,
  Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconInfoCircle, IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { keys, MEASURE_UNITS, QUALITY_STANDARD_TYPES, useCategories, useRule, type AttributeDef, type CategoryRule, type Product } from './api';
import { CatalogProblem, issueText, problemIssues } from './CatalogProblem';
import { leafOptions } from './categories';
import { ImagesField } from './ImagesField';
import { emptyProduct, emptySku, formPath, productBody, productForm, type AttrInput, type ProductForm as Values, type QsChoice } from './product-form';

const SKU_CODE = /^[A-Za-z0-9._-]{1,40}$/;
const UNIT_NAMES = ['件', '个', '只', '盒', '袋', '罐', '瓶', '包', '套', '把', '台', '双', '饼'];

type Form = UseFormReturnType<Values>;

/** One attribute input as the rule defines it: enum → select, number → number with unit, boolean → yes/no, text. */
function AttributeInput({ def, form, path }: { def: AttributeDef; form: Form; path: string }) {
  const { t, i18n } = useTranslation();
  const label = i18n.language === 'en' ? def.labelEn : def.label;
  const props = form.getInputProps(path);
  const value = props.value as AttrInput | undefined;
  const common = { label, withAsterisk: def.required, error: props.error as React.ReactNode, 'data-testid': `attr-${def.key}`, 'data-attr': def.key };
  if (def.type === 'enum') {
    const options = def.options ?? [];
    return <Select {...common} data={options} value={typeof value === 'string' && value ? value : null} clearable searchable={options.length > 8}
      placeholder={t('catalog.form.choose')} comboboxProps={{ withinPortal: true }} onChange={(v) => form.setFieldValue(path, v ?? '')} />;
  }
  if (def.type === 'number') {
    return <NumberInput {...common} value={typeof value === 'number' ? value : value === '' || value === undefined ? '' : Number(value)}
      onChange={(v) => form.setFieldValue(path, v === '' ? '' : Number(v))} hideControls decimalScale={3} allowNegative={false}
      rightSection={def.unit ? <Text size="xs" c="dimmed" pr={6} translate="no">{def.unit}</Text> : undefined} rightSectionWidth={def.unit ? 'auto' : undefined} />;
  }
  if (def.type === 'boolean') {
    return <Select {...common} data={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} clearable
      value={value === true || value === 'true' ? 'true' : value === false || value === 'false' ? 'false' : null} comboboxProps={{ withinPortal: true }}
      placeholder={t('catalog.form.choose')} onChange={(v) => form.setFieldValue(path, v === null ? '' : v === 'true')} />;
  }
  return <TextInput {...common} value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
    onChange={(e) => form.setFieldValue(path, e.currentTarget.value)} maxLength={200} />;
}

function Section({ title, children, testId, hint }: { title: string; children: React.ReactNode; testId?: string; hint?: React.ReactNode }) {
  return (
    <Card withBorder radius="lg" padding="md" data-testid={testId}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={4}>{title}</Title>
          {hint && <Text size="sm" c="dimmed">{hint}</Text>}
        </Stack>
        {children}
      </Stack>
    </Card>
  );
}

function SkuCard({ form, index, rule, specRequired }: { form: Form; index: number; rule: CategoryRule | undefined; specRequired: boolean }) {
  const { t } = useTranslation();
  const sku = form.values.skus[index]!;
  const p = (k: string) => `skus.${index}.${k}`;
  const skuDefs = (rule?.attributes ?? []).filter((a) => a.level === 'sku');
  return (
    <Card withBorder radius="md" padding="sm" bg="var(--mantine-color-gray-0)" data-testid="sku-row" data-sku-id={sku.id ?? ''}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={600} size="sm">{t('catalog.fields.skuN', { n: index + 1 })}</Text>
            {sku.id ? <Badge size="xs" variant="light" color="gray" tt="none" translate="no">{sku.id}</Badge>
              : <Badge size="xs" variant="light" color="blue">{t('catalog.form.newSku')}</Badge>}
          </Group>
          <Tooltip label={t('catalog.form.removeSku')}>
            <ActionIcon variant="subtle" color="red" disabled={form.values.skus.length <= 1} onClick={() => form.removeListItem('skus', index)}
              aria-label={t('catalog.form.removeSku')} data-testid="sku-remove">
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput label={t('catalog.fields.sku.code')} withAsterisk maxLength={40} description={t('catalog.form.codeHint')} translate="no"
            {...form.getInputProps(p('code'))} data-testid="sku-code" />
          <TextInput label={t('catalog.fields.sku.specification')} withAsterisk={specRequired} maxLength={60} placeholder={t('catalog.form.specPlaceholder')}
            description={t('catalog.form.specHint')}
            {...form.getInputProps(p('specification'))} data-testid="sku-spec" />
          <TextInput label={t('catalog.fields.sku.barcode')} inputMode="numeric" maxLength={14} description={t('catalog.form.barcodeHint')}
            {...form.getInputProps(p('barcode'))} data-testid="sku-barcode" />
          <NumberInput label={t('catalog.fields.sku.weightGrams')} min={0} max={1_000_000} allowDecimal={false} allowNegative={false} hideControls
            description={t('catalog.form.weightHint')} rightSection={<Text size="xs" c="dimmed" pr={6}>g</Text>} rightSectionWidth="auto"
            {...form.getInputProps(p('weightGrams'))} data-testid="sku-weight" />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Stack gap={4}>
            <Stack gap={0}>
              <Text size="sm" fw={500}>{t('catalog.fields.sku.salesUnit')}</Text>
              <Text size="xs" c="dimmed">{t('catalog.form.salesUnitHint')}</Text>
            </Stack>
            <SegmentedControl fullWidth size="sm" aria-label={t('catalog.fields.sku.salesUnit')} data-testid="sku-unit-mode"
              data={[{ value: 'count', label: t('catalog.form.byCount') }, { value: 'measure', label: t('catalog.form.byMeasure') }]}
              {...form.getInputProps(p('unitMode'))} />
          </Stack>
          {sku.unitMode === 'count' ? (
            <Autocomplete label={t('catalog.form.unitName')} withAsterisk data={UNIT_NAMES} maxLength={8} comboboxProps={{ withinPortal: true }}
              description={t('catalog.form.unitNameHint')} {...form.getInputProps(p('unitName'))} data-testid="sku-unit-name" />
          ) : (
            <>
              <NumberInput label={t('catalog.form.netQuantity')} withAsterisk min={0} decimalScale={3} allowNegative={false} hideControls description={t('catalog.form.netQuantityHint')}
                {...form.getInputProps(p('netQuantity'))} data-testid="sku-net-quantity" />
              <Select label={t('catalog.form.measureUnit')} allowDeselect={false} description={t('catalog.form.measureUnitHint')} comboboxProps={{ withinPortal: true }}
                data={MEASURE_UNITS.map((u) => ({ value: u, label: t(`catalog.measureUnit.${u}`) }))} {...form.getInputProps(p('unit'))} data-testid="sku-measure-unit" />
            </>
          )}
        </SimpleGrid>
        {skuDefs.length > 0 && (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            {skuDefs.map((a) => <AttributeInput key={a.key} def={a} form={form} path={`skus.${index}.attributes.${a.key}`} />)}
          </SimpleGrid>
        )}
      </Stack>
    </Card>
  );
}

function validate(v: Values, t: (k: string, o?: Record<string, unknown>) => string) {
  const e: Record<string, string> = {};
  if (!v.categoryId) e.categoryId = t('catalog.form.err.category');
  if (!v.title.trim()) e.title = t('validation.required');
  if (v.qsType && v.qsType !== 'statement' && !v.qsCode.trim()) e.qsCode = t('validation.required');
  if (v.qsType === 'statement' && v.qsStatement.trim().length < 10) e.qsStatement = t('catalog.form.err.statement');
  const codes = new Set<string>();
  v.skus.forEach((s, i) => {
    const code = s.code.trim();
    if (!SKU_CODE.test(code)) e[`skus.${i}.code`] = t('catalog.issue.skuCode');
    else if (codes.has(code)) e[`skus.${i}.code`] = t('catalog.issue.duplicateCode');
    codes.add(code);
    if (s.barcode.trim() && !/^\d{8,14}$/.test(s.barcode.trim())) e[`skus.${i}.barcode`] = t('catalog.issue.barcode');
    if (s.unitMode === 'count' && !s.unitName.trim()) e[`skus.${i}.unitName`] = t('validation.required');
    if (s.unitMode === 'measure' && !(typeof s.netQuantity === 'number' && s.netQuantity > 0)) e[`skus.${i}.netQuantity`] = t('catalog.form.err.netQuantity');
  });
  return e;
}

/**
 * Creates or edits a product: the category rule decides the attribute inputs and which fields are
 * required; "save" stores a new version, "submit" sends the latest version to review (saving first
 * when there are unsaved changes). Issues the API names are listed above the buttons and shown at their fields.
 */
export function ProductForm({ product, onCreated, onNeedPrices }: { product?: Product; onCreated?: (p: Product) => void; onNeedPrices?: () => void }) {
  const { t, i18n } = useTranslation();
  const T = t as unknown as (k: string, o?: Record<string, unknown>) => string;
  const qc = useQueryClient();
  const form = useForm<Values>({ initialValues: product ? productForm(product) : emptyProduct(), validate: (v) => validate(v, T) });
  const categories = useCategories();
  const rule = useRule(form.values.categoryId);
  const [problem, setProblem] = useState<unknown>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const r = rule.data;
  const productDefs = (r?.attributes ?? []).filter((a) => a.level === 'product');
  const tagRequired = new Set<string>(r?.priceTagRequired ?? []);
  const ctx = { attributes: r?.attributes ?? [] };

  const options = leafOptions(categories.data ?? [], i18n.language);
  if (form.values.categoryId && !options.some((o) => o.value === form.values.categoryId)) {
    options.unshift({ value: form.values.categoryId, label: form.values.categoryId, leaf: true, path: [] });
  }

  const showProblem = (e: unknown) => {
    setProblem(e);
    const errs: Record<string, string> = {};
    for (const i of problemIssues(e)) {
      const at = formPath(i.path);
      if (at && !errs[at]) errs[at] = issueText(t, i18n.language, i, ctx);
    }
    if (Object.keys(errs).length) form.setErrors(errs);
    requestAnimationFrame(() => problemRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' }));
  };
  const adopt = (p: Product) => {
    qc.setQueryData(keys.product(p.id), p);
    void qc.invalidateQueries({ queryKey: keys.all });
    form.setValues(productForm(p));
    form.resetDirty(productForm(p));
  };

  const saveCall = (v: Values) => {
    const body = productBody(v, r);
    return product
      ? unwrap(api.PUT('/api/seller/products/{id}', { params: { path: { id: product.id } }, body }))
      : unwrap(api.POST('/api/seller/products', { body }));
  };
  const save = useMutation({
    mutationFn: saveCall,
    onMutate: () => setProblem(null),
    onSuccess: (p) => {
      notifications.show({ color: 'green', title: t('catalog.form.saved', { n: p.latest.versionNo }),
        message: p.skus.some((x) => x.status === 'active' && !x.price) ? t('catalog.form.savedHint') : t('catalog.form.savedSubmitHint') });
      if (product) adopt(p);
      else {
        qc.setQueryData(keys.product(p.id), p);
        void qc.invalidateQueries({ queryKey: keys.all });
        onCreated?.(p);
      }
    },
    onError: showProblem,
  });
  const submit = useMutation({
    mutationFn: async (v: Values) => {
      let p = product!;
      if (form.isDirty()) {
        p = await saveCall(v);
        adopt(p);
      }
      return unwrap(api.POST('/api/seller/products/{id}/submit', { params: { path: { id: p.id } } }));
    },
    onMutate: () => setProblem(null),
    onSuccess: (p) => {
      adopt(p);
      notifications.show({ color: 'green', title: p.status === 'on_shelf' ? t('catalog.form.autoApproved') : t('catalog.form.submitted', { n: p.latest.versionNo }),
        message: p.latest.flags.length ? t('catalog.form.submittedFlags') : t('catalog.form.submittedHint') });
    },
    onError: showProblem,
  });

  const latest = product?.latest;
  const dirty = form.isDirty();
  const canSubmit = Boolean(product) && (dirty || latest?.state === 'draft');
  const needsPrices = problemIssues(problem).some((i) => /^skus\.\d+\.price/.test(i.path));
  const qsType = form.values.qsType;
  // Without the rule the attribute values cannot be typed and filtered: wait for it before saving.
  const ruleMissing = Boolean(form.values.categoryId) && !r;

  return (
    <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))} data-testid="product-form">
      <Stack gap="md">
        <Section title={t('catalog.form.category')} testId="product-category-section">
          <Select label={t('catalog.fields.categoryId')} withAsterisk searchable data={options} placeholder={t('catalog.form.categoryPlaceholder')}
            nothingFoundMessage={t('catalog.form.noCategory')} comboboxProps={{ withinPortal: true }} data-testid="product-category"
            description={t('catalog.form.categoryHint')} {...form.getInputProps('categoryId')} maw={520} />
          <CatalogProblem error={categories.error ?? rule.error} />
          {r && (
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="sm" data-testid="product-rule">
              <Stack gap={4}>
                {r.criteria && <Text size="sm">{r.criteria}</Text>}
                <Text size="xs" c="dimmed">
                  {t('catalog.form.ruleSummary', { version: r.version, min: r.titleMinLength, max: r.titleMaxLength,
                    review: t(`catalog.reviewMode.${r.reviewMode}`) })}
                </Text>
                {r.requiredQualifications.length > 0 && (
                  <Text size="xs" c="dimmed">{t('catalog.form.qualifications', { list: r.requiredQualifications.join(t('catalog.listSeparator')) })}</Text>
                )}
              </Stack>
            </Alert>
          )}
        </Section>

        <Section title={t('catalog.form.basics')}>
          <TextInput label={t('catalog.fields.title')} withAsterisk maxLength={120} data-testid="product-title"
            description={r ? t('catalog.form.titleHint', { n: [...form.values.title.trim()].length, min: r.titleMinLength, max: r.titleMaxLength })
              : t('catalog.form.titleCount', { n: [...form.values.title.trim()].length })}
            {...form.getInputProps('title')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('catalog.fields.subtitle')} maxLength={200} {...form.getInputProps('subtitle')} data-testid="product-subtitle" />
            <TextInput label={t('catalog.fields.brand')} maxLength={60} {...form.getInputProps('brand')} data-testid="product-brand" />
          </SimpleGrid>
          <Textarea label={t('catalog.fields.description')} withAsterisk autosize minRows={4} maxRows={14} maxLength={20_000}
            description={t('catalog.form.descriptionHint')} {...form.getInputProps('description')} data-testid="product-description" />
        </Section>

        <Section title={t('catalog.form.attributes')} testId="product-attributes"
          hint={!form.values.categoryId ? t('catalog.form.pickCategoryFirst') : productDefs.length === 0 && r ? t('catalog.form.noAttributes') : undefined}>
          {productDefs.length > 0 && (
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
              {productDefs.map((a) => <AttributeInput key={a.key} def={a} form={form} path={`attributes.${a.key}`} />)}
            </SimpleGrid>
          )}
        </Section>

        <Section title={t('catalog.form.images')}>
          <ImagesField value={form.values.images} onChange={(ids) => form.setFieldValue('images', ids)} error={form.errors.images} required />
        </Section>

        <Section title={t('catalog.fields.qualityStandard')} testId="product-quality"
          hint={r?.qualityStandardRequired ? t('catalog.form.qsRequired') : t('catalog.form.qsOptional')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select label={t('catalog.fields.qs.type')} withAsterisk={r?.qualityStandardRequired} comboboxProps={{ withinPortal: true }} allowDeselect={false}
              data={[{ value: '', label: t('catalog.qualityType.none') }, ...QUALITY_STANDARD_TYPES.map((q) => ({ value: q, label: t(`catalog.qualityType.${q}`) })),
                { value: 'statement', label: t('catalog.qualityType.statement') }]}
              value={qsType} onChange={(v) => form.setFieldValue('qsType', (v ?? '') as QsChoice)} error={form.errors.qsType} data-testid="qs-type" />
            {qsType && qsType !== 'statement' && (
              <>
                <TextInput label={t('catalog.fields.qs.code')} withAsterisk maxLength={60} placeholder="GB/T 14456.1" translate="no"
                  {...form.getInputProps('qsCode')} data-testid="qs-code" />
                <TextInput label={t('catalog.fields.qs.filingRef')} withAsterisk={qsType === 'enterprise'} maxLength={60}
                  description={t('catalog.form.filingHint')} {...form.getInputProps('qsFilingRef')} data-testid="qs-filing" />
              </>
            )}
          </SimpleGrid>
          {qsType === 'statement' && (
            <Textarea label={t('catalog.fields.qs.statement')} withAsterisk autosize minRows={2} maxLength={1000}
              description={t('catalog.form.statementHint')} {...form.getInputProps('qsStatement')} data-testid="qs-statement" />
          )}
        </Section>

        <Section title={t('catalog.fields.priceTag')} hint={t('catalog.form.priceTagHint')} testId="product-price-tag">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
            {(['origin', 'grade', 'pricingOfficer', 'supervisionContact'] as const).map((f) => (
              <TextInput key={f} label={t(`catalog.fields.tag.${f}`)} withAsterisk={tagRequired.has(f)} maxLength={f === 'grade' || f === 'pricingOfficer' ? 40 : 60}
                inputMode={f === 'supervisionContact' ? 'tel' : undefined} placeholder={f === 'supervisionContact' ? '12315' : undefined}
                {...form.getInputProps(`priceTag.${f}`)} data-testid={`tag-${f}`} />
            ))}
          </SimpleGrid>
        </Section>

        <Section title={t('catalog.form.skus')} hint={t('catalog.form.skusHint')} testId="product-skus">
          {form.values.skus.map((s, i) => <SkuCard key={s.key} form={form} index={i} rule={r} specRequired={tagRequired.has('specification')} />)}
          <Group>
            <Button variant="light" leftSection={<IconPlus size={16} />} disabled={form.values.skus.length >= 100}
              onClick={() => form.insertListItem('skus', emptySku())} data-testid="sku-add">{t('catalog.form.addSku')}</Button>
          </Group>
        </Section>

        <Card withBorder radius="lg" padding="md" data-testid="product-actions">
          <Stack gap="sm" ref={problemRef}>
            <CatalogProblem error={problem} ctx={ctx} onClose={() => setProblem(null)} testId="product-problem" />
            {needsPrices && onNeedPrices && (
              <Group><Button size="xs" variant="light" onClick={onNeedPrices} data-testid="go-prices">{t('catalog.form.goPrices')}</Button></Group>
            )}
            {product?.status === 'in_review' && dirty && <Text size="sm" c="orange.8">{t('catalog.form.editWithdraws', { n: latest?.versionNo })}</Text>}
            <Group justify="space-between" gap="sm">
              <Text size="sm" c="dimmed">
                {dirty ? t('catalog.form.unsaved') : product ? t('catalog.form.upToDate', { n: latest?.versionNo }) : t('catalog.form.newHint')}
              </Text>
              <Group gap="sm">
                {!product && <Button variant="default" component={Link} to="/seller/products">{t('common.cancel')}</Button>}
                <Button type="submit" variant={product ? 'default' : 'filled'} leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending}
                  disabled={submit.isPending || ruleMissing || (Boolean(product) && !dirty)} data-testid="product-save">
                  {product ? t('catalog.form.saveVersion') : t('catalog.form.create')}
                </Button>
                {product && (
                  <Button leftSection={<IconSend size={16} />} loading={submit.isPending} disabled={!canSubmit || save.isPending || ruleMissing}
                    onClick={() => { const res = form.validate(); if (!res.hasErrors) submit.mutate(form.values); }} data-testid="product-submit">
                    {dirty ? t('catalog.form.saveAndSubmit') : t('catalog.form.submit')}
                  </Button>
                )}
              </Group>
            </Group>
          </Stack>
        </Card>
      </Stack>
    </form>
  );
}

