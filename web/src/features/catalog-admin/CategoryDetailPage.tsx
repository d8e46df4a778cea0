import { Alert, Anchor, Badge, Breadcrumbs, Button, Card, Collapse, Group, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconLock, IconLockOpen, IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { Field, Loading, Page } from '../../components/Page';
import { CategoryFacts } from './CategoriesPage';
import { CategoryActiveModal, CategoryFormModal } from './dialogs';
import { CatalogProblem } from './problem';
import { RuleEditor } from './RuleEditor';
import { keys, useAccountNames, useCategories, useFmt, type Rule } from './shared';

const DIFF_FIELDS = ['criteria', 'attributes', 'titleLength', 'prohibitedTerms', 'requiredQualifications', 'priceTagRequired', 'qualityStandardRequired',
  'reviewMode', 'allowedPriceTypes', 'pricing', 'reviewDueOn', 'note'] as const;

/** Which parts of a rule changed from the version before it. */
function ruleChanges(r: Rule, prev: Rule): Array<(typeof DIFF_FIELDS)[number]> {
  const pick = (x: Rule, k: (typeof DIFF_FIELDS)[number]) => JSON.stringify(k === 'titleLength' ? [x.titleMinLength, x.titleMaxLength] : x[k]);
  return DIFF_FIELDS.filter((k) => pick(r, k) !== pick(prev, k));
}

/** A rule version, read-only. */
function RuleSummary({ r }: { r: Rule }) {
  const { t } = useTranslation();
  const f = useFmt();
  const list = (xs: string[]) => (xs.length ? xs.join(t('problemText.listSeparator')) : t('catalogAdmin.common.none'));
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <Field label={t('catalogAdmin.category.reviewMode')}>{t(`catalogAdmin.reviewMode.${r.reviewMode}`)}</Field>
        <Field label={t('catalogAdmin.category.allowedPriceTypes')}>{r.allowedPriceTypes.map((p) => t(`catalogAdmin.priceType.${p}`)).join(t('problemText.listSeparator'))}</Field>
        <Field label={t('catalogAdmin.category.approvalThreshold')}>{r.pricing.approvalThresholdPct}%</Field>
        <Field label={t('catalogAdmin.category.maxDiscount')}>{r.pricing.maxDiscountPct !== undefined ? `${r.pricing.maxDiscountPct}%` : t('catalogAdmin.common.none')}</Field>
        <Field label={t('catalogAdmin.category.displayMode')}>{t(`catalogAdmin.displayMode.${r.pricing.displayMode}`)}</Field>
        <Field label={`${t('catalogAdmin.category.titleMin')} / ${t('catalogAdmin.category.titleMax')}`}>{r.titleMinLength} – {r.titleMaxLength}</Field>
        <Field label={t('catalogAdmin.category.priceTagRequired')}>{list(r.priceTagRequired.map((p) => t(`catalogAdmin.priceTagField.${p}`)))}</Field>
        <Field label={t('catalogAdmin.category.qualityRequired')}>{r.qualityStandardRequired ? t('catalogAdmin.common.yes') : t('catalogAdmin.common.no')}</Field>
        <Field label={t('catalogAdmin.category.reviewDueOn')}>{f.date(r.reviewDueOn)}</Field>
        <Field label={t('catalogAdmin.category.prohibitedTerms')}><span translate="no">{list(r.prohibitedTerms)}</span></Field>
        <Field label={t('catalogAdmin.category.qualifications')}><span translate="no">{list(r.requiredQualifications)}</span></Field>
      </SimpleGrid>
      {r.criteria && <Field label={t('catalogAdmin.category.criteria')}><Text size="sm" style={{ whiteSpace: 'pre-wrap' }} translate="no">{r.criteria}</Text></Field>}
      {r.attributes.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder verticalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalogAdmin.category.attrKey')}</Table.Th>
                <Table.Th>{t('catalogAdmin.category.attrLabel')}</Table.Th>
                <Table.Th>{t('catalogAdmin.category.attrType')}</Table.Th>
                <Table.Th>{t('catalogAdmin.category.attrUnit')}</Table.Th>
                <Table.Th>{t('catalogAdmin.category.attrOptions')}</Table.Th>
                <Table.Th>{t('catalogAdmin.category.attrRequired')}</Table.Th>
                <Table.Th>{t('catalogAdmin.category.attrLevel')}</Table.Th>
                <Table.Th>{t('catalogAdmin.category.attrFilterable')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.attributes.map((a) => (
                <Table.Tr key={a.key}>
                  <Table.Td className="shiji-mono">{a.key}</Table.Td>
                  <Table.Td translate="no">{f.en ? a.labelEn : a.label}</Table.Td>
                  <Table.Td>{t(`catalogAdmin.attrType.${a.type}`)}</Table.Td>
                  <Table.Td translate="no">{a.unit ?? '—'}</Table.Td>
                  <Table.Td translate="no">{a.options?.join(t('problemText.listSeparator')) ?? '—'}</Table.Td>
                  <Table.Td>{a.required ? t('catalogAdmin.common.yes') : t('catalogAdmin.common.no')}</Table.Td>
                  <Table.Td>{t(`catalogAdmin.attrLevel.${a.level}`)}</Table.Td>
                  <Table.Td>{a.filterable ? t('catalogAdmin.common.yes') : t('catalogAdmin.common.no')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function RuleHistory({ categoryId }: { categoryId: string }) {
  const { t } = useTranslation();
  const f = useFmt();
  const nameOf = useAccountNames();
  const [open, setOpen] = useState<string | null>(null);
  const rules = useQuery({ queryKey: keys.rules(categoryId), queryFn: () => unwrap(api.GET('/api/admin/catalog/categories/{id}/rules', { params: { path: { id: categoryId } } })) });
  if (rules.isPending) return <Loading />;
  if (rules.error) return <CatalogProblem error={rules.error} />;
  const items = rules.data.items;
  if (items.length === 0) return <Text c="dimmed" size="sm">{t('catalogAdmin.category.history.empty')}</Text>;
  return (
    <Stack gap="sm" data-testid="rule-history">
      {items.map((r, i) => {
        const prev = items[i + 1];
        const changes = prev ? ruleChanges(r, prev) : null;
        const isOpen = open === r.id;
        return (
          <Card key={r.id} withBorder radius="md" padding="md" data-testid="rule-version" data-version={r.version}>
            <Stack gap={6}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap="xs">
                  <Text fw={600}>{t('catalogAdmin.common.version', { n: r.version })}</Text>
                  {i === 0 && <Badge tt="none" variant="light" color="green">{t('catalogAdmin.category.history.current')}</Badge>}
                  {r.reviewOverdue && i === 0 && <Badge variant="light" color="red" tt="none">{t('catalogAdmin.categories.overdue')}</Badge>}
                </Group>
                <Text size="sm" c="dimmed">
                  <span translate="no">{nameOf(r.createdBy)}</span> · {f.dateTime(r.createdAt)}
                </Text>
              </Group>
              {r.note && <Text size="sm" translate="no" style={{ whiteSpace: 'pre-wrap' }}>{r.note}</Text>}
              <Group gap={6} wrap="wrap">
                <Text size="xs" c="dimmed">{changes ? t('catalogAdmin.category.history.changes') : t('catalogAdmin.category.history.first')}</Text>
                {changes && changes.length === 0 && <Text size="xs" c="dimmed">· {t('catalogAdmin.category.history.noChanges')}</Text>}
                {changes?.map((c) => <Badge key={c} size="sm" variant="outline" color="gray" tt="none">{t(`catalogAdmin.category.changed.${c}`)}</Badge>)}
              </Group>
              <Group>
                <Button variant="subtle" size="compact-sm" leftSection={isOpen ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                  onClick={() => setOpen(isOpen ? null : r.id)} aria-expanded={isOpen} data-testid="rule-version-toggle">
                  {t('catalogAdmin.category.history.details')}
                </Button>
              </Group>
              <Collapse expanded={isOpen}>{isOpen && <RuleSummary r={r} />}</Collapse>
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}

/** One category: its place in the tree, counts, the rule editor and the rule's version history. */
export function CategoryDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const cats = useCategories();
  const canManage = can(me.data, 'category:manage');
  const f = useFmt();
  const nameOf = useAccountNames();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [toggling, setToggling] = useState(false);
  const cat = useQuery({ queryKey: keys.category(id), queryFn: () => unwrap(api.GET('/api/admin/catalog/categories/{id}', { params: { path: { id } } })) });
  const rules = useQuery({ queryKey: keys.rules(id), queryFn: () => unwrap(api.GET('/api/admin/catalog/categories/{id}/rules', { params: { path: { id } } })) });
  if (cat.isPending) return <Loading />;
  if (cat.error) {
    return <Page title={t('catalogAdmin.category.notFound')}><CatalogProblem error={cat.error} />
      <Anchor component={Link} to="/admin/catalog/categories">{t('catalogAdmin.common.back')}</Anchor></Page>;
  }
  const c = cat.data;
  const kids = cats.items.filter((x) => x.parentId === c.id).sort((a, b) => a.position - b.position);
  return (
    <Page
      title={<span translate="no" data-testid="category-title">{cats.name(c)}</span>}
      description={(
        <Breadcrumbs separator="/" separatorMargin={6} component="span" style={{ flexWrap: 'wrap' }}>
          <Anchor component={Link} to="/admin/catalog/categories" size="sm">{t('catalogAdmin.categories.title')}</Anchor>
          {c.path.slice(0, -1).map((p) => <Anchor key={p} component={Link} to={`/admin/catalog/categories/${p}`} size="sm" translate="no">{cats.nameOf(p)}</Anchor>)}
          <Text span size="sm" translate="no">{cats.name(c)}</Text>
        </Breadcrumbs>
      )}
      actions={canManage && (
        <>
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="category-edit">{t('catalogAdmin.categories.rename')}</Button>
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="category-add-child">{t('catalogAdmin.categories.newChild')}</Button>
          <Button variant="default" color={c.active ? 'red' : undefined} leftSection={c.active ? <IconLock size={16} /> : <IconLockOpen size={16} />}
            onClick={() => setToggling(true)} data-testid="category-toggle">
            {c.active ? t('catalogAdmin.categories.close') : t('catalogAdmin.categories.reopen')}
          </Button>
        </>
      )}>
      <Card withBorder radius="lg" padding="md">
        <Stack gap="xs">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed" translate="no">{cats.en ? c.name : c.nameEn}</Text>
            {c.leaf ? <Badge tt="none" size="sm" variant="dot" color="brand">{t('catalogAdmin.categories.leaf')}</Badge>
              : <Badge size="sm" variant="light" color="gray" tt="none">{t('catalogAdmin.categories.branch', { count: kids.length })}</Badge>}
          </Group>
          <CategoryFacts c={c} />
          {kids.length > 0 && (
            <Group gap={8} wrap="wrap">
              {kids.map((k) => <Anchor key={k.id} component={Link} to={`/admin/catalog/categories/${k.id}`} size="sm" translate="no">{cats.name(k)}</Anchor>)}
            </Group>
          )}
          {c.productCount > 0 && (
            <Anchor component={Link} to={`/admin/catalog/products?categoryId=${c.id}`} size="sm">
              {t('catalogAdmin.categories.products', { count: c.productCount })} →
            </Anchor>
          )}
        </Stack>
      </Card>
      <Tabs defaultValue="rule" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="rule" data-testid="category-tab-rule">{t('catalogAdmin.category.ruleTab')}</Tabs.Tab>
          <Tabs.Tab value="history" data-testid="category-tab-history">{t('catalogAdmin.category.historyTab', { count: rules.data?.items.length ?? c.rule?.version ?? 0 })}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rule" pt="md">
          {c.rule && (canManage ? <RuleEditor key={c.rule.id} categoryId={c.id} rule={c.rule} canManage /> : (
            <Card withBorder radius="lg" padding="lg" data-testid="rule-readonly">
              <Stack gap="md">
                <Alert color="gray" variant="light">{t('catalogAdmin.common.readOnly')}</Alert>
                <Text size="sm" c="dimmed">{t('catalogAdmin.category.ruleBy', { n: c.rule.version, who: nameOf(c.rule.createdBy), when: f.dateTime(c.rule.createdAt) })}</Text>
                <RuleSummary r={c.rule} />
              </Stack>
            </Card>
          ))}
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <RuleHistory categoryId={c.id} />
        </Tabs.Panel>
      </Tabs>
      <CategoryFormModal opened={editing} category={c} onClose={() => setEditing(false)} />
      <CategoryFormModal opened={adding} parent={c} onClose={() => setAdding(false)} onCreated={(n) => navigate(`/admin/catalog/categories/${n.id}`)} />
      <CategoryActiveModal category={toggling ? c : null} onClose={() => setToggling(false)} />
    </Page>
  );
}
