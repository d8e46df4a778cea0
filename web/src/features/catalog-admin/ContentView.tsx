import { Anchor, Badge, Box, Card, Group, Image, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Page';
import { Highlight, useCategories, useFmt, type Content, type Flag, type Product } from './shared';

type Sku = Content['skus'][number];
type AttrValue = Content['attributes'][string];
export type SkuPrices = Map<string, Product['skus'][number]>;

const mediaUrl = (id: string) => `/media/${encodeURIComponent(id)}`;

/** Attribute definitions of the content's category: names in the UI language and units. */
function useAttrDefs(categoryId: string) {
  const cats = useCategories();
  const f = useFmt();
  const defs = cats.byId.get(categoryId)?.rule?.attributes ?? [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  return {
    label: (key: string) => { const d = byKey.get(key); return d ? (f.en ? d.labelEn : d.label) : key; },
    unit: (key: string) => byKey.get(key)?.unit ?? '',
    order: (keys: string[]) => [...keys].sort((a, b) => {
      const ia = defs.findIndex((d) => d.key === a); const ib = defs.findIndex((d) => d.key === b);
      return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib);
    }),
  };
}

function attrText(t: TFunction, v: AttrValue, unit: string): string {
  if (typeof v === 'boolean') return v ? t('catalogAdmin.common.yes') : t('catalogAdmin.common.no');
  return unit ? `${v} ${unit}` : String(v);
}

function salesUnitText(t: TFunction, s: Sku['salesUnit']): string {
  return s.mode === 'count' ? t('catalogAdmin.salesUnit.count', { unit: s.unitName }) : t('catalogAdmin.salesUnit.measure', { qty: s.netQuantity, unit: s.unit });
}

function qualityText(t: TFunction, q: Content['qualityStandard']): string {
  if (!q) return t('catalogAdmin.content.noQuality');
  if (q.type === 'statement') return t('problemText.issue', { field: t('catalogAdmin.qualityType.statement'), message: q.statement });
  return `${t(`catalogAdmin.qualityType.${q.type}`)} ${q.code}${q.filingRef ? ` · ${t('catalogAdmin.content.qualityFiling')} ${q.filingRef}` : ''}`;
}

function Thumbs({ ids, size = 96 }: { ids: string[]; size?: number }) {
  const { t } = useTranslation();
  if (ids.length === 0) {
    return <Group gap={6} c="dimmed"><IconPhotoOff size={16} /><Text size="sm" c="dimmed">{t('catalogAdmin.content.noImages')}</Text></Group>;
  }
  return (
    <Group gap="xs" wrap="wrap" data-testid="content-images">
      {ids.map((id, i) => (
        <Anchor key={`${id}-${i}`} href={mediaUrl(id)} target="_blank" rel="noreferrer" aria-label={t('catalogAdmin.content.image', { n: i + 1 })}>
          <Image src={mediaUrl(id)} alt={t('catalogAdmin.content.image', { n: i + 1 })} w={size} h={size} fit="cover" radius="md"
            style={{ border: '1px solid var(--mantine-color-gray-3)' }} />
        </Anchor>
      ))}
    </Group>
  );
}

function PriceCell({ p }: { p: Product['skus'][number] | undefined }) {
  const { t } = useTranslation();
  const f = useFmt();
  if (!p?.price) return <Text size="sm" c="dimmed">{t('catalogAdmin.content.noPrice')}</Text>;
  const pr = p.price;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} data-testid="sku-retail">{t('catalogAdmin.content.retail')} {f.money(pr.retail)}</Text>
      {pr.member && <Text size="xs">{t('catalogAdmin.content.member')} {f.money(pr.member)}</Text>}
      {pr.list && <Text size="xs" c="dimmed">{t('catalogAdmin.content.list')} <Text span size="xs" td="line-through">{f.money(pr.list)}</Text></Text>}
      <Text size="xs" c="dimmed">{t(`catalogAdmin.priceType.${pr.priceType}`)}</Text>
      {pr.government && (
        <Text size="xs" c="dimmed" translate="no">
          {t('catalogAdmin.content.government', { authority: pr.government.authority, doc: pr.government.documentNo, base: f.money(pr.government.basePrice) })}
        </Text>
      )}
      {p.pendingPriceChangeId && <Badge size="xs" color="yellow" variant="light" tt="none">{t('catalogAdmin.content.pricePending')}</Badge>}
      {p.status === 'retired' && <Badge tt="none" size="xs" color="gray" variant="light">{t('catalogAdmin.content.retired')}</Badge>}
    </Stack>
  );
}

function SkuTable({ skus, prices, terms, attrs }: { skus: Sku[]; prices?: SkuPrices; terms: string[]; attrs: ReturnType<typeof useAttrDefs> }) {
  const { t } = useTranslation();
  const sep = t('problemText.issue', { field: '', message: '' });
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing="sm" withTableBorder fz="sm" data-testid="content-skus">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('catalogAdmin.content.skuSpec')}</Table.Th>
            <Table.Th>{t('catalogAdmin.content.skuUnit')} / {t('catalogAdmin.content.skuAttrs')}</Table.Th>
            {prices && <Table.Th>{t('catalogAdmin.content.price')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {skus.map((s) => (
            <Table.Tr key={s.id} data-testid="content-sku" data-sku={s.code}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  {s.imageId && <Image src={mediaUrl(s.imageId)} alt={s.specification} w={40} h={40} radius="sm" fit="cover" style={{ flex: 'none' }} />}
                  <Stack gap={2}>
                    <Text size="sm" fw={500} translate="no"><Highlight text={s.specification} terms={terms} /></Text>
                    <Text size="xs" className="shiji-mono" c="dimmed">{s.code}</Text>
                  </Stack>
                </Group>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm" translate="no">{salesUnitText(t, s.salesUnit)}</Text>
                  {attrs.order(Object.keys(s.attributes)).map((k) => (
                    <Text key={k} size="xs" translate="no">{attrs.label(k)}{sep}{attrText(t, s.attributes[k]!, attrs.unit(k))}</Text>
                  ))}
                  {s.barcode && <Text size="xs" c="dimmed">{t('catalogAdmin.content.skuBarcode')}{sep}<span className="shiji-mono">{s.barcode}</span></Text>}
                  {s.weightGrams !== null && <Text size="xs" c="dimmed">{t('catalogAdmin.content.skuWeight')}{sep}{t('catalogAdmin.content.grams', { n: s.weightGrams })}</Text>}
                </Stack>
              </Table.Td>
              {prices && <Table.Td><PriceCell p={prices.get(s.id)} /></Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="lg" padding="md">
      <Stack gap="sm">
        <Title order={3} size="h5">{title}</Title>
        {children}
      </Stack>
    </Card>
  );
}

/** Everything a product version says, with quality-claim terms highlighted; SKU prices when given. */
export function ContentView({ content, flags = [], prices }: { content: Content; flags?: Flag[]; prices?: SkuPrices }) {
  const { t } = useTranslation();
  const cats = useCategories();
  const attrs = useAttrDefs(content.categoryId);
  const terms = flags.map((x) => x.term);
  const tag = content.priceTag;
  const na = <Text span size="sm" c="dimmed">{t('catalogAdmin.common.notSet')}</Text>;
  const keysSorted = attrs.order(Object.keys(content.attributes));
  return (
    <Stack gap="md" data-testid="content-view">
      <Section title={t('catalogAdmin.content.basics')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Field label={t('catalogAdmin.content.title')}><span translate="no" data-testid="content-title"><Highlight text={content.title} terms={terms} /></span></Field>
          <Field label={t('catalogAdmin.content.subtitle')}>{content.subtitle ? <span translate="no"><Highlight text={content.subtitle} terms={terms} /></span> : na}</Field>
          <Field label={t('catalogAdmin.content.brand')}>{content.brand ? <span translate="no"><Highlight text={content.brand} terms={terms} /></span> : na}</Field>
          <Field label={t('catalogAdmin.content.category')}><span translate="no">{cats.pathOf(content.categoryId)}</span></Field>
        </SimpleGrid>
      </Section>
      <Section title={t('catalogAdmin.content.images')}><Thumbs ids={content.images} /></Section>
      <Section title={t('catalogAdmin.content.description')}>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} translate="no" data-testid="content-description"><Highlight text={content.description} terms={terms} /></Text>
      </Section>
      <Section title={t('catalogAdmin.content.attributes')}>
        {keysSorted.length === 0 ? <Text size="sm" c="dimmed">{t('catalogAdmin.common.none')}</Text> : (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" data-testid="content-attributes">
            {keysSorted.map((k) => (
              <Field key={k} label={<span translate="no">{attrs.label(k)}</span>}>
                <span translate="no"><Highlight text={attrText(t, content.attributes[k]!, attrs.unit(k))} terms={terms} /></span>
              </Field>
            ))}
          </SimpleGrid>
        )}
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title={t('catalogAdmin.content.priceTag')}>
          <SimpleGrid cols={2} spacing="sm" data-testid="content-price-tag">
            <Field label={t('catalogAdmin.priceTagField.origin')}>{tag.origin ? <span translate="no">{tag.origin}</span> : na}</Field>
            <Field label={t('catalogAdmin.priceTagField.grade')}>{tag.grade ? <span translate="no">{tag.grade}</span> : na}</Field>
            <Field label={t('catalogAdmin.priceTagField.pricingOfficer')}>{tag.pricingOfficer ? <span translate="no">{tag.pricingOfficer}</span> : na}</Field>
            <Field label={t('catalogAdmin.priceTagField.supervisionContact')}>{tag.supervisionContact ? <span translate="no">{tag.supervisionContact}</span> : na}</Field>
          </SimpleGrid>
        </Section>
        <Section title={t('catalogAdmin.content.quality')}>
          <Text size="sm" translate="no" data-testid="content-quality">{qualityText(t, content.qualityStandard)}</Text>
        </Section>
      </SimpleGrid>
      <Section title={t('catalogAdmin.content.skus')}>
        <SkuTable skus={content.skus} prices={prices} terms={terms} attrs={attrs} />
      </Section>
    </Stack>
  );
}

type Entry = { key: string; label: string; text: (c: Content) => string; node: (c: Content) => ReactNode };

/** Field-by-field comparison of a submitted version with the live one: what changed, old and new side by side. */
export function ContentDiff({ live, next, flags = [], onlyChanges, prices }: { live: Content; next: Content; flags?: Flag[]; onlyChanges: boolean; prices?: SkuPrices }) {
  const { t } = useTranslation();
  const cats = useCategories();
  const attrs = useAttrDefs(next.categoryId);
  const terms = flags.map((x) => x.term);
  const hl = (s: string) => <span translate="no" style={{ whiteSpace: 'pre-wrap' }}><Highlight text={s} terms={terms} /></span>;
  const attrKeys = attrs.order([...new Set([...Object.keys(live.attributes), ...Object.keys(next.attributes)])]);
  const skuIds = [...new Set([...live.skus.map((s) => s.id), ...next.skus.map((s) => s.id)])];
  const skuText = (s: Sku | undefined) => (s ? [s.code, s.specification, salesUnitText(t, s.salesUnit), s.barcode ?? '', s.weightGrams ?? '',
    ...attrs.order(Object.keys(s.attributes)).map((k) => t('problemText.issue', { field: attrs.label(k), message: attrText(t, s.attributes[k]!, attrs.unit(k)) })), s.imageId ?? ''].join(' · ') : '');
  const entries: Entry[] = [
    { key: 'title', label: t('catalogAdmin.content.title'), text: (c) => c.title, node: (c) => hl(c.title) },
    { key: 'subtitle', label: t('catalogAdmin.content.subtitle'), text: (c) => c.subtitle, node: (c) => hl(c.subtitle) },
    { key: 'brand', label: t('catalogAdmin.content.brand'), text: (c) => c.brand, node: (c) => hl(c.brand) },
    { key: 'category', label: t('catalogAdmin.content.category'), text: (c) => c.categoryId, node: (c) => <span translate="no">{cats.pathOf(c.categoryId)}</span> },
    { key: 'images', label: t('catalogAdmin.content.images'), text: (c) => c.images.join(','), node: (c) => <Thumbs ids={c.images} size={64} /> },
    { key: 'description', label: t('catalogAdmin.content.description'), text: (c) => c.description, node: (c) => hl(c.description) },
    ...attrKeys.map((k): Entry => ({
      key: `attr-${k}`, label: `${t('catalogAdmin.content.attributes')} · ${attrs.label(k)}`,
      text: (c) => (k in c.attributes ? attrText(t, c.attributes[k]!, attrs.unit(k)) : ''),
      node: (c) => (k in c.attributes ? hl(attrText(t, c.attributes[k]!, attrs.unit(k))) : '—'),
    })),
    ...(['origin', 'grade', 'pricingOfficer', 'supervisionContact'] as const).map((k): Entry => ({
      key: `tag-${k}`, label: `${t('catalogAdmin.content.priceTag')} · ${t(`catalogAdmin.priceTagField.${k}`)}`,
      text: (c) => c.priceTag[k] ?? '', node: (c) => <span translate="no">{c.priceTag[k] ?? '—'}</span>,
    })),
    { key: 'quality', label: t('catalogAdmin.content.quality'), text: (c) => qualityText(t, c.qualityStandard), node: (c) => <span translate="no">{qualityText(t, c.qualityStandard)}</span> },
    ...skuIds.map((id): Entry => {
      const code = next.skus.find((s) => s.id === id)?.code ?? live.skus.find((s) => s.id === id)?.code ?? id;
      return {
        key: `sku-${id}`, label: `${t('catalogAdmin.content.skus')} · ${code}`,
        text: (c) => skuText(c.skus.find((s) => s.id === id)),
        node: (c) => { const s = c.skus.find((x) => x.id === id); return s ? hl(skuText(s)) : '—'; },
      };
    }),
  ];
  const rows = entries.map((e) => ({ e, changed: e.text(live) !== e.text(next) }));
  const shown = onlyChanges ? rows.filter((r) => r.changed) : rows;
  return (
    <Stack gap="sm" data-testid="content-diff">
      {shown.length === 0 && <Card withBorder radius="lg" padding="lg"><Text c="dimmed" size="sm" ta="center">{t('catalogAdmin.review.noChanges')}</Text></Card>}
      {shown.map(({ e, changed }) => (
        <Card key={e.key} withBorder radius="md" padding="sm" data-testid="diff-row" data-changed={changed ? 'true' : 'false'}
          style={changed ? { borderLeft: '4px solid var(--mantine-color-orange-6)' } : undefined}>
          <Group gap="xs" mb={6}>
            <Text size="sm" fw={600} translate="no">{e.label}</Text>
            {changed && <Badge tt="none" size="xs" color="orange" variant="light">{t('catalogAdmin.review.changed')}</Badge>}
          </Group>
          {changed ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <Paper p="xs" radius="sm" bg="var(--mantine-color-red-0)">
                <Text size="xs" c="red.8" fw={600} mb={2}>{t('catalogAdmin.review.liveValue')}</Text>
                <Box fz="sm">{e.text(live) ? e.node(live) : '—'}</Box>
              </Paper>
              <Paper p="xs" radius="sm" bg="var(--mantine-color-green-0)">
                <Text size="xs" c="green.9" fw={600} mb={2}>{t('catalogAdmin.review.newValue')}</Text>
                <Box fz="sm">{e.text(next) ? e.node(next) : '—'}</Box>
              </Paper>
            </SimpleGrid>
          ) : <Box fz="sm" c="dimmed">{e.text(next) ? e.node(next) : '—'}</Box>}
        </Card>
      ))}
      {prices && (
        <Section title={t('catalogAdmin.content.skus')}>
          <SkuTable skus={next.skus} prices={prices} terms={terms} attrs={attrs} />
        </Section>
      )}
    </Stack>
  );
}
