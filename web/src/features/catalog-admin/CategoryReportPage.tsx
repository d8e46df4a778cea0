import { Alert, Anchor, Badge, Box, Button, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconAlertTriangle, IconCalendar, IconInfoCircle } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { CatalogProblem } from './problem';
import { CategoryTabs, keys, useCategories, useFmt } from './shared';

type Row = Schemas['CategoryReportRow'];
const FIGURES = ['products', 'live', 'published', 'reclassifiedIn', 'reclassifiedOut', 'takenDown', 'rejected'] as const;
type Figure = (typeof FIGURES)[number];
type Totals = Record<Figure, number>;
type Line = { row: Row; depth: number; branch: boolean; totals: Totals; overdue: boolean };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Today in Asia/Shanghai (the report's days are Beijing days), YYYY-MM-DD. */
const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const minus = (day: string, n: number) => dayjs(day).subtract(n, 'day').format('YYYY-MM-DD');
const tooLong = (from: string, to: string) => dayjs(to).diff(dayjs(from), 'day') + 1 > 366;
const num: CSSProperties = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/** The report rows in tree order (children under their parent, by position), a branch's figures summed over its subtree. */
function treeLines(items: Row[], position: (id: string) => number, today: string): Line[] {
  const ids = new Set(items.map((r) => r.categoryId));
  const kids = new Map<string | null, Row[]>();
  for (const r of items) {
    const k = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    kids.set(k, [...(kids.get(k) ?? []), r]);
  }
  for (const list of kids.values()) list.sort((a, b) => position(a.categoryId) - position(b.categoryId) || a.name.localeCompare(b.name, 'zh-CN'));
  const out: Line[] = [];
  const walk = (parent: string | null, depth: number, seen: Set<string>): Totals => {
    const sum = Object.fromEntries(FIGURES.map((f) => [f, 0])) as Totals;
    for (const r of kids.get(parent) ?? []) {
      if (seen.has(r.categoryId)) continue;
      seen.add(r.categoryId);
      const line: Line = { row: r, depth, branch: (kids.get(r.categoryId) ?? []).length > 0, totals: { ...r }, overdue: Boolean(r.reviewDueOn) && r.reviewDueOn < today };
      out.push(line);
      const below = walk(r.categoryId, depth + 1, seen);
      for (const f of FIGURES) { line.totals[f] = r[f] + below[f]; sum[f] += line.totals[f]; }
    }
    return sum;
  };
  walk(null, 0, new Set());
  return out;
}

function RuleCell({ line }: { line: Line }) {
  const { t } = useTranslation();
  const f = useFmt();
  const r = line.row;
  if (!r.ruleVersion) return <Text size="xs" c="dimmed">{t('catalogAdmin.report.noRule')}</Text>;
  return (
    <Group gap={6} wrap="wrap">
      <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{t('catalogAdmin.categories.ruleVersion', { n: r.ruleVersion })}</Text>
      {line.overdue
        ? <Group gap={4} wrap="nowrap" data-testid="report-overdue">
            <IconAlertTriangle size={14} color="var(--mantine-color-red-8)" style={{ flex: 'none' }} />
            <Text span size="xs" fw={700} c="red.8">{t('catalogAdmin.report.overdue', { date: f.date(r.reviewDueOn) })}</Text>
          </Group>
        : <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{t('catalogAdmin.categories.reviewDue', { date: f.date(r.reviewDueOn || null) })}</Text>}
    </Group>
  );
}

function CategoryName({ line }: { line: Line }) {
  const { t } = useTranslation();
  const cats = useCategories();
  const c = cats.byId.get(line.row.categoryId);
  return (
    <Group gap={6} wrap="wrap">
      <Anchor component={Link} to={`/admin/catalog/categories/${line.row.categoryId}`} size="sm" fw={line.branch ? 700 : 500} translate="no">
        {cats.en ? line.row.nameEn : line.row.name}
      </Anchor>
      {line.branch && <Text span size="xs" c="dimmed">{t('catalogAdmin.report.subtotal')}</Text>}
      {c && !c.active && <Badge tt="none" color="gray" variant="light" size="xs">{t('catalogAdmin.categories.closed')}</Badge>}
    </Group>
  );
}

/** A figure: zero dimmed, a branch's subtotal bold. */
function Figure({ n, line, f }: { n: number; line: Line; f: Figure }) {
  const fmt = useFmt();
  const warn = n > 0 && (f === 'takenDown' || f === 'rejected');
  return <Text span size="sm" style={num} fw={line.branch ? 700 : undefined} c={n === 0 ? 'dimmed' : warn ? 'red.8' : undefined} data-figure={f}>{fmt.count(n)}</Text>;
}

const overdueBg = (line: Line): CSSProperties | undefined => (line.overdue ? { background: 'var(--mantine-color-red-light)' } : undefined);

function ReportTable({ lines }: { lines: Line[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={980} type="native">
      <Table verticalSpacing="xs" horizontalSpacing="sm" striped={false} highlightOnHover data-testid="report-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={190}>{t('catalogAdmin.report.col.category')}</Table.Th>
            <Table.Th miw={200}>{t('catalogAdmin.report.col.rule')}</Table.Th>
            {FIGURES.map((f) => <Table.Th key={f} ta="right" style={{ whiteSpace: 'nowrap' }}>{t(`catalogAdmin.report.col.${f}`)}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.row.categoryId} style={overdueBg(l)} data-testid="report-row" data-id={l.row.categoryId} data-overdue={l.overdue || undefined}>
              <Table.Td><Box pl={Math.min(l.depth, 4) * 20}><CategoryName line={l} /></Box></Table.Td>
              <Table.Td><RuleCell line={l} /></Table.Td>
              {FIGURES.map((f) => <Table.Td key={f} ta="right"><Figure n={l.totals[f]} line={l} f={f} /></Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The phone layout: one block per category, its figures in a grid. */
function ReportCards({ lines }: { lines: Line[] }) {
  const { t } = useTranslation();
  return (
    <Box style={{ marginTop: -1 }}>
      {lines.map((l) => (
        <Box key={l.row.categoryId} px="md" py="sm" data-testid="report-card" data-id={l.row.categoryId} data-overdue={l.overdue || undefined}
          style={{ borderTop: '1px solid var(--mantine-color-default-border)', ...overdueBg(l) }}>
          <Stack gap={6} pl={Math.min(l.depth, 3) * 14}>
            <CategoryName line={l} />
            <RuleCell line={l} />
            <SimpleGrid cols={4} spacing={6} verticalSpacing={4}>
              {FIGURES.map((f) => (
                <Stack key={f} gap={0} align="flex-end">
                  <Text size="xs" c="dimmed" ta="right" lh={1.2}>{t(`catalogAdmin.report.short.${f}`)}</Text>
                  <Figure n={l.totals[f]} line={l} f={f} />
                </Stack>
              ))}
            </SimpleGrid>
          </Stack>
        </Box>
      ))}
    </Box>
  );
}

/**
 * 类目报告 (MS-CAT-02): per category, products and live products now and, for a period of Beijing
 * days, first publications, reclassifications in and out, takedowns and rejections, with the rule
 * version and its review date (overdue highlighted), for the operator's periodic rule review.
 */
export function CategoryReportPage() {
  const { t } = useTranslation();
  const f = useFmt();
  const cats = useCategories();
  const today = shanghaiToday();
  const [params, setParams] = useSearchParams();
  const qFrom = params.get('from') ?? '';
  const qTo = params.get('to') ?? '';
  const from = DAY.test(qFrom) ? qFrom : minus(today, 29);
  const to = DAY.test(qTo) ? qTo : today;
  const [picking, setPicking] = useState<[string | null, string | null] | null>(null);
  const setPeriod = (a: string, b: string) => {
    const next = new URLSearchParams(params);
    next.set('from', a);
    next.set('to', b);
    setParams(next, { replace: true });
  };
  const invalid = to < from ? 'order' : tooLong(from, to) ? 'long' : null;
  const q = useQuery({
    queryKey: [...keys.all, 'category-report', from, to], enabled: !invalid, placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/admin/catalog/category-report', { params: { query: { from, to } } })),
  });
  const position = (id: string) => cats.byId.get(id)?.position ?? 0;
  const lines = q.data ? treeLines(q.data.items, position, today) : [];
  const roots = lines.filter((l) => l.depth === 0);
  const total = (k: Figure) => roots.reduce((s, l) => s + l.totals[k], 0);
  const overdue = lines.filter((l) => l.overdue).length;
  const presets: Array<[string, string, string]> = [
    ['7', t('catalogAdmin.report.last7'), minus(today, 6)],
    ['30', t('catalogAdmin.report.last30'), minus(today, 29)],
    ['90', t('catalogAdmin.report.last90'), minus(today, 89)],
    ['year', t('catalogAdmin.report.thisYear'), `${today.slice(0, 4)}-01-01`],
  ];

  return (
    <Page title={t('catalogAdmin.categories.title')} description={t('catalogAdmin.report.hint')}>
      <CategoryTabs value="report" />
      <Card withBorder radius="lg" padding="md" data-testid="report-filter">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DatePickerInput type="range" label={t('catalogAdmin.report.period')} valueFormat="YYYY-MM-DD" allowSingleDateInRange
            leftSection={<IconCalendar size={16} />} maxDate={today} value={picking ?? [from, to]} popoverProps={{ withinPortal: true }}
            onChange={(v) => {
              const [a, b] = v as [string | null, string | null];
              if (a && b) { setPicking(null); setPeriod(a, b); } else setPicking([a, b]);
            }}
            onDropdownClose={() => setPicking(null)}
            style={{ flex: '1 1 240px' }} maw={320} data-testid="report-period" />
          <Group gap={6} wrap="wrap">
            {presets.map(([id, label, start]) => (
              <Button key={id} size="sm" variant={from === start && to === today ? 'light' : 'default'} onClick={() => setPeriod(start, today)}
                data-testid={`report-preset-${id}`}>{label}</Button>
            ))}
          </Group>
        </Group>
        {invalid && <Text size="sm" c="red" mt="xs" role="alert">{t(`catalogAdmin.report.invalid.${invalid}`)}</Text>}
      </Card>
      <CatalogProblem error={q.error} />
      {overdue > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('catalogAdmin.categories.overdueCount', { count: overdue })} py="xs" />
      )}
      {q.data && (
        <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="xs" data-testid="report-totals">
          {(['live', 'published', 'reclassifiedIn', 'takenDown', 'rejected'] as const).map((k) => (
            <Card key={k} withBorder radius="md" padding="sm">
              <Text size="xs" c="dimmed" lh={1.3}>{t(`catalogAdmin.report.col.${k}`)}</Text>
              <Text fw={700} fz="xl" style={num} data-testid={`report-total-${k}`}>{f.count(total(k))}</Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <Card withBorder radius="lg" padding={0} data-testid="category-report">
        <Group justify="space-between" px="md" py="sm" wrap="wrap" gap={4}>
          <Text fw={600} size="sm">{t('catalogAdmin.report.range', { from: f.date(q.data?.from ?? from), to: f.date(q.data?.to ?? to) })}</Text>
          <Text size="xs" c="dimmed">{t('catalogAdmin.report.zone')}</Text>
        </Group>
        {q.isPending && !invalid ? <Loading />
          : lines.length === 0 ? <Text c="dimmed" size="sm" ta="center" py="lg">{t('catalogAdmin.report.empty')}</Text>
          : (
            <>
              <Box visibleFrom="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}><ReportTable lines={lines} /></Box>
              <Box hiddenFrom="sm"><ReportCards lines={lines} /></Box>
            </>
          )}
      </Card>
      <Stack gap={4}>
        <Text size="xs" c="dimmed">{t('catalogAdmin.report.legend')}</Text>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconInfoCircle size={14} style={{ flex: 'none', marginTop: 2 }} color="var(--mantine-color-dimmed)" />
          <Text size="xs" c="dimmed" data-testid="report-sales-hint">{t('catalogAdmin.report.salesHint')}</Text>
        </Group>
      </Stack>
    </Page>
  );
}
