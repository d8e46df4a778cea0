import { ActionIcon, Alert, Anchor, Badge, Box, Button, Card, Group, Menu, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconDotsVertical, IconEye, IconLock, IconLockOpen, IconPencil, IconPlus,
  IconSearch } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { can, useMe } from '../../auth/session';
import { Loading, Page } from '../../components/Page';
import { CategoryActiveModal, CategoryFormModal } from './dialogs';
import { CatalogProblem } from './problem';
import { CategoryTabs, useCategories, useFmt, type Category } from './shared';

/** Badges of one category: closed, counts, review mode, rule version, overdue review. */
export function CategoryFacts({ c }: { c: Category }) {
  const { t } = useTranslation();
  const f = useFmt();
  const r = c.rule;
  return (
    <Group gap={6} wrap="wrap">
      {!c.active && <Badge tt="none" color="gray" variant="filled" data-testid="category-closed">{t('catalogAdmin.categories.closed')}</Badge>}
      <Badge variant="light" color="gray" tt="none">{t('catalogAdmin.categories.products', { count: c.productCount })}</Badge>
      <Badge variant="light" color="green" tt="none">{t('catalogAdmin.categories.live', { count: c.liveCount })}</Badge>
      {r && <Badge variant="outline" color="gray" tt="none">{t('catalogAdmin.categories.ruleVersion', { n: r.version })}</Badge>}
      {r && <Badge variant="light" color={r.reviewMode === 'auto' ? 'teal' : 'blue'} tt="none">{t(`catalogAdmin.reviewMode.${r.reviewMode}`)}</Badge>}
      {r && (r.reviewOverdue
        ? <Badge color="red" variant="filled" tt="none" leftSection={<IconAlertTriangle size={12} />} data-testid="category-overdue">
            {t('catalogAdmin.categories.overdue')} · {f.date(r.reviewDueOn)}
          </Badge>
        : <Text span size="xs" c="dimmed">{t('catalogAdmin.categories.reviewDue', { date: f.date(r.reviewDueOn) })}</Text>)}
    </Group>
  );
}

type Handlers = { onAddChild: (c: Category) => void; onEdit: (c: Category) => void; onToggle: (c: Category) => void };

function CategoryRow({ c, depth, childCount, open, onOpen, canManage, h }: {
  c: Category; depth: number; childCount: number; open: boolean; onOpen: () => void; canManage: boolean; h: Handlers;
}) {
  const { t } = useTranslation();
  const cats = useCategories();
  const navigate = useNavigate();
  const name = cats.name(c);
  return (
    <Box px="md" py="sm" data-testid="category-row" data-id={c.id} data-name={c.name}
      style={{ borderTop: '1px solid var(--mantine-color-gray-2)', opacity: c.active ? 1 : 0.75 }}>
      <Group gap="xs" wrap="nowrap" align="flex-start" pl={Math.min(depth, 4) * 20}>
        {childCount > 0
          ? <ActionIcon variant="subtle" color="gray" size="sm" mt={2} onClick={onOpen} aria-expanded={open} aria-label={t('catalogAdmin.categories.toggle', { name })}>
              {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            </ActionIcon>
          : <Box w={22} style={{ flex: 'none' }} />}
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={8} wrap="wrap">
            <Anchor component={Link} to={`/admin/catalog/categories/${c.id}`} fw={600} size="sm" translate="no" data-testid="category-link">{name}</Anchor>
            <Text span size="xs" c="dimmed" translate="no">{cats.en ? c.name : c.nameEn}</Text>
            {childCount > 0
              ? <Text span size="xs" c="dimmed">{t('catalogAdmin.categories.branch', { count: childCount })}</Text>
              : <Badge tt="none" size="xs" variant="dot" color="brand">{t('catalogAdmin.categories.leaf')}</Badge>}
          </Group>
          <CategoryFacts c={c} />
        </Stack>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={`${t('catalogAdmin.categories.actions')}: ${name}`} data-testid="category-menu">
              <IconDotsVertical size={18} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconEye size={16} />} onClick={() => navigate(`/admin/catalog/categories/${c.id}`)}>{t('catalogAdmin.common.open')}</Menu.Item>
            {canManage && (
              <>
                <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => h.onAddChild(c)} data-testid="category-add-child">
                  {t('catalogAdmin.categories.newChild')}
                  {c.productCount > 0 && <Text size="xs" c="dimmed">{t('catalogAdmin.categories.inUseHint')}</Text>}
                </Menu.Item>
                <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => h.onEdit(c)} data-testid="category-edit">{t('catalogAdmin.categories.rename')}</Menu.Item>
                <Menu.Item leftSection={c.active ? <IconLock size={16} /> : <IconLockOpen size={16} />} color={c.active ? 'red' : undefined}
                  onClick={() => h.onToggle(c)} data-testid="category-toggle">
                  {c.active ? t('catalogAdmin.categories.close') : t('catalogAdmin.categories.reopen')}
                </Menu.Item>
              </>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Box>
  );
}

/** The category tree: names, counts, rule summary; create, rename, close and reopen categories. */
export function CategoriesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const cats = useCategories();
  const navigate = useNavigate();
  const canManage = can(me.data, 'category:manage');
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q.trim().toLowerCase(), 200);
  const [creating, setCreating] = useState<{ parent: Category | null } | null>(null);
  const [editing, setEditing] = useState<Category | null>(null);
  const [toggling, setToggling] = useState<Category | null>(null);

  const children = new Map<string | null, Category[]>();
  for (const c of cats.items) {
    const k = c.parentId && cats.byId.has(c.parentId) ? c.parentId : null;
    children.set(k, [...(children.get(k) ?? []), c]);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'zh-CN'));
  // A search keeps matching categories and everything on their path.
  const visible = new Set<string>();
  if (search) {
    for (const c of cats.items) {
      if (c.name.toLowerCase().includes(search) || c.nameEn.toLowerCase().includes(search)) c.path.forEach((p) => visible.add(p));
    }
  }
  const overdue = cats.items.filter((c) => c.rule?.reviewOverdue);
  const rows: ReactNode[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      if (search && !visible.has(c.id)) continue;
      const kids = children.get(c.id) ?? [];
      const open = Boolean(search) || !collapsed.has(c.id);
      rows.push(<CategoryRow key={c.id} c={c} depth={depth} childCount={kids.length} open={open} canManage={canManage}
        onOpen={() => setCollapsed((s) => { const n = new Set(s); if (n.has(c.id)) n.delete(c.id); else n.add(c.id); return n; })}
        h={{ onAddChild: (x) => setCreating({ parent: x }), onEdit: setEditing, onToggle: setToggling }} />);
      if (open) walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  const branches = cats.items.filter((c) => children.has(c.id)).map((c) => c.id);

  return (
    <Page title={t('catalogAdmin.categories.title')} description={t('catalogAdmin.categories.hint')}
      actions={canManage && (
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating({ parent: null })} data-testid="category-new-root">
          {t('catalogAdmin.categories.newRoot')}
        </Button>
      )}>
      <CategoryTabs value="tree" />
      {overdue.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('catalogAdmin.categories.overdueCount', { count: overdue.length })}
          data-testid="categories-overdue">
          <Group gap={6} wrap="wrap">
            {overdue.map((c) => <Anchor key={c.id} component={Link} to={`/admin/catalog/categories/${c.id}`} size="sm" translate="no">{cats.pathOf(c.id)}</Anchor>)}
          </Group>
        </Alert>
      )}
      <Group gap="sm" wrap="wrap">
        <TextInput placeholder={t('catalogAdmin.categories.filter')} aria-label={t('catalogAdmin.categories.filter')} leftSection={<IconSearch size={16} />}
          value={q} onChange={(e) => setQ(e.currentTarget.value)} style={{ flex: '1 1 220px' }} maw={360} data-testid="category-filter" />
        <Group gap="xs">
          <Button variant="default" size="sm" onClick={() => setCollapsed(new Set())}>{t('catalogAdmin.categories.expandAll')}</Button>
          <Button variant="default" size="sm" onClick={() => setCollapsed(new Set(branches))}>{t('catalogAdmin.categories.collapseAll')}</Button>
        </Group>
      </Group>
      <CatalogProblem error={cats.error} />
      <Card withBorder radius="lg" padding={0} data-testid="category-tree">
        {cats.isPending ? <Loading /> : rows.length > 0 ? <Box style={{ marginTop: -1 }}>{rows}</Box>
          : <Text c="dimmed" size="sm" ta="center" py="lg">{t('catalogAdmin.categories.empty')}</Text>}
      </Card>
      <CategoryFormModal opened={Boolean(creating)} parent={creating?.parent ?? null} onClose={() => setCreating(null)}
        onCreated={(c) => navigate(`/admin/catalog/categories/${c.id}`)} />
      <CategoryFormModal opened={Boolean(editing)} category={editing ?? undefined} onClose={() => setEditing(null)} />
      <CategoryActiveModal category={toggling} onClose={() => setToggling(null)} />
    </Page>
  );
}
