import { Badge, Group, Paper, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconCircleFilled, IconPhoto } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttrValue, QualityStandard, ShippingRule, StoreProduct, StoreSku } from './api';
import { measureText, moneyShort, moneyText, numberText, withUnit } from './format';
import classes from './shop.module.css';

/** Main image with thumbnails; `preferred` (the chosen SKU's own image) is shown until a thumbnail is picked. */
export function Gallery({ images, preferred, title }: { images: Array<{ id: string; url: string }>; preferred: string | null; title: string }) {
  const { t } = useTranslation();
  const urls = [...new Set([...(preferred ? [preferred] : []), ...images.map((i) => i.url)])];
  const [picked, setPicked] = useState<{ url: string; for: string | null } | null>(null);
  // A newly chosen SKU brings its own image forward again.
  const shown = picked && picked.for === preferred ? picked.url : (preferred ?? urls[0] ?? null);
  return (
    <Stack gap="sm" data-testid="product-gallery">
      <div className={classes.galleryMain}>
        {shown
          ? <img src={shown} alt={title} data-testid="gallery-main" />
          : <div className={classes.imagePlaceholder} role="img" aria-label={t('shop.product.noImage')}><IconPhoto size={64} aria-hidden /></div>}
      </div>
      {urls.length > 1 && (
        <div className={classes.thumbs} role="group" aria-label={t('shop.product.images')}>
          {urls.map((u, i) => (
            <UnstyledButton key={u} className={classes.thumb} aria-current={u === shown} aria-label={t('shop.product.showImage', { n: i + 1 })}
              onClick={() => setPicked({ url: u, for: preferred })} data-testid="gallery-thumb">
              <img src={u} alt="" loading="lazy" />
            </UnstyledButton>
          ))}
        </div>
      )}
    </Stack>
  );
}

/**
 * SKU specification chips. Out-of-stock ones are dashed, greyed and marked 缺货, but can still be
 * picked: every specification's price must stay visible (明码标价), and the stock line says 暂时缺货.
 */
export function SkuPicker({ skus, value, onChange }: { skus: StoreSku[]; value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Group gap={10} role="group" aria-label={t('shop.product.specification')} data-testid="sku-picker">
      {skus.map((s) => {
        const out = s.stock === 'out_of_stock';
        const selected = s.id === value;
        return (
          <UnstyledButton key={s.id} aria-pressed={selected}
            onClick={() => onChange(s.id)} className={classes.sku} data-stock={s.stock} data-sku-id={s.id} data-testid="sku-chip"
            px={14} py={6} fz="sm" translate="no"
            style={{
              borderRadius: 6,
              border: `1px solid var(--mantine-color-${selected ? 'brand-7' : 'gray-4'})`,
              background: selected ? 'var(--mantine-color-brand-0)' : undefined,
              color: selected ? 'var(--mantine-color-brand-8)' : out ? 'var(--mantine-color-gray-6)' : undefined,
              fontWeight: selected ? 600 : 400,
            }}>
            {s.specification || s.code}
            {out && <span className={classes.skuMark} translate="yes">{t('shop.product.soldOutMark')}</span>}
          </UnstyledButton>
        );
      })}
    </Group>
  );
}

const STOCK_COLOR = { in_stock: 'teal.7', low: 'orange.7', out_of_stock: 'red.7' } as const;

/** 有货 / 仅剩 N 件 / 暂时缺货 for the chosen SKU. */
export function StockLine({ sku }: { sku: StoreSku }) {
  const { t, i18n } = useTranslation();
  const unit = sku.salesUnit.mode === 'count' && i18n.language !== 'en' ? sku.salesUnit.unitName : t('shop.product.pieceUnit');
  return (
    <Group gap={6} wrap="nowrap" data-testid="sku-stock" data-stock={sku.stock}>
      <IconCircleFilled size={8} color={`var(--mantine-color-${STOCK_COLOR[sku.stock].replace('.', '-')})`} aria-hidden />
      <Text size="sm" c={STOCK_COLOR[sku.stock]} fw={sku.stock === 'in_stock' ? 400 : 600}>
        {sku.stock === 'low' ? t('shop.product.stock.low', { count: sku.available, unit }) : t(`shop.product.stock.${sku.stock}`)}
      </Text>
    </Group>
  );
}

/** The declared quantity (PL-CAT-06): 净含量 250g for a measured SKU, 1 件 for one sold by count. */
export function declaredQuantity(t: TFunction, sku: StoreSku, lng: string): { label: string; value: string } {
  const u = sku.salesUnit;
  return u.mode === 'measure'
    ? { label: t('shop.product.measure'), value: measureText(u, lng) }
    : { label: t('shop.product.count'), value: t('shop.product.countValue', { unit: u.unitName }) };
}

/** Price type, retail, struck reference price (list_struck), member price, government reference. */
export function PriceBlock({ product, sku }: { product: StoreProduct; sku: StoreSku }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const p = sku.price;
  if (!p) {
    return (
      <Paper p="md" radius="md" className={classes.priceBox} data-testid="product-price" data-price-type="none">
        <Text c="dimmed">{t('shop.product.noPrice')}</Text>
      </Paper>
    );
  }
  const showList = product.priceTag.displayMode === 'list_struck' && p.list !== null && p.list.amount > p.retail.amount;
  const gov = p.government;
  return (
    <Paper p="md" radius="md" className={classes.priceBox} data-testid="product-price" data-price-type={p.priceType}>
      <Stack gap={8}>
        <Group gap="sm" align="baseline" wrap="wrap" style={{ rowGap: 4 }}>
          <Text size="sm" c="dimmed">{t('shop.product.retail')}</Text>
          <Text fz={{ base: 28, sm: 32 }} fw={700} c="brand.7" lh={1.1} data-testid="price-retail">{moneyText(p.retail, lng)}</Text>
          {showList && p.list && (
            <Text size="sm" c="dimmed" data-testid="price-list" aria-label={t('shop.product.listPriceLabel', { price: moneyText(p.list, lng) })}>
              <span aria-hidden>{t('shop.product.listPrice')} </span><s aria-hidden>{moneyText(p.list, lng)}</s>
            </Text>
          )}
        </Group>
        {p.member && (
          <Group gap="xs" align="center" data-testid="price-member">
            <Badge color="dark" variant="filled" radius="sm" size="sm" tt="none">{t('shop.product.memberPrice')}</Badge>
            <Text fw={700} c="dark.6">{moneyText(p.member, lng)}</Text>
          </Group>
        )}
        {p.priceType !== 'market' && (
          <Stack gap={2} data-testid="price-type">
            <Group gap="xs">
              <Badge variant="outline" color="blue" radius="sm" tt="none">{t(`shop.product.priceType.${p.priceType}`)}</Badge>
              {gov && <Text size="sm" c="dimmed">{t('shop.product.government.basePrice', { price: moneyText(gov.basePrice, lng) })}</Text>}
              {gov && gov.minPrice !== undefined && gov.maxPrice !== undefined && (
                <Text size="sm" c="dimmed">{t('shop.product.government.range', { min: moneyText(gov.minPrice, lng), max: moneyText(gov.maxPrice, lng) })}</Text>
              )}
            </Group>
            {gov && (
              <Text size="xs" c="dimmed">
                {t('shop.product.government.authority', { value: gov.authority })}{t('shop.product.delivery.sep')}
                {t('shop.product.government.documentNo', { value: gov.documentNo })}
              </Text>
            )}
            {p.priceType === 'negotiated' && <Text size="xs" c="dimmed">{t('shop.product.negotiatedNote')}</Text>}
            {p.priceType === 'bidding' && <Text size="xs" c="dimmed">{t('shop.product.biddingNote')}</Text>}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** "运费 ¥10，满 ¥99 包邮，每多一件加 ¥2" (or 包邮), then the delivery terms. */
export function DeliveryFee({ shipping }: { shipping: ShippingRule | null }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (!shipping) return <Text size="sm" c="dimmed" data-testid="delivery-fee">{t('shop.product.delivery.none')}</Text>;
  const parts = shipping.baseFee.amount === 0
    ? [t('shop.product.delivery.free')]
    : [t('shop.product.delivery.fee', { fee: moneyShort(shipping.baseFee, lng) }),
      ...(shipping.freeOver ? [t('shop.product.delivery.freeOver', { amount: moneyShort(shipping.freeOver, lng) })] : [])];
  if (shipping.extraItemFee.amount > 0) parts.push(t('shop.product.delivery.extra', { fee: moneyShort(shipping.extraItemFee, lng) }));
  return (
    <Stack gap={2} data-testid="delivery-fee">
      <Text size="sm" data-testid="delivery-fee-text">{parts.join(t('shop.product.delivery.sep'))}</Text>
      {shipping.deliveryTerms && <Text size="xs" c="dimmed" translate="no" data-testid="delivery-terms">{shipping.deliveryTerms}</Text>}
    </Stack>
  );
}

/** An attribute value as text: numbers grouped with their unit, yes/no for booleans. */
export function attrText(t: TFunction, v: AttrValue, unit: string | null, lng: string): string {
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (typeof v === 'number') return withUnit(numberText(v, lng), unit);
  return withUnit(v, unit);
}

/** 价格标签 (PL-PRC-06): what a paper price tag says, for the chosen SKU. */
export function PriceTagCard({ product, sku }: { product: StoreProduct; sku: StoreSku }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const tag = product.priceTag;
  const rows: Array<[string, string | null, string, boolean]> = [
    [t('shop.product.priceTag.name'), product.title, 'name', true],
    [t('shop.product.priceTag.origin'), tag.origin ?? null, 'origin', true],
    [t('shop.product.priceTag.grade'), tag.grade ?? null, 'grade', true],
    [t('shop.product.priceTag.specification'), sku.specification || null, 'specification', true],
    [t('shop.product.priceTag.priceType'), sku.price && sku.price.priceType !== 'market' ? t(`shop.product.priceType.${sku.price.priceType}`) : null, 'priceType', false],
    [t('shop.product.priceTag.retail'), sku.price ? moneyText(sku.price.retail, lng) : t('shop.product.noPrice'), 'retail', false],
    [t('shop.product.priceTag.member'), sku.price?.member ? moneyText(sku.price.member, lng) : null, 'member', false],
    [t('shop.product.priceTag.officer'), tag.pricingOfficer ?? null, 'officer', true],
    // 12315 is the national market-supervision hotline; a tag shows it when the shop names no other.
    [t('shop.product.priceTag.hotline'), tag.supervisionContact || '12315', 'hotline', true],
  ];
  return (
    <section className={classes.tag} data-testid="price-tag" aria-labelledby="price-tag-title">
      <div className={classes.tagHead}><Text id="price-tag-title" fw={600} size="sm">{t('shop.product.priceTag.title')}</Text></div>
      <dl className={classes.tagRows}>
        {rows.filter(([, v]) => v !== null).map(([label, value, key, data]) => (
          <div key={key} className={classes.tagRow} data-field={key}>
            <dt>{label}</dt>
            <dd translate={data ? 'no' : undefined} style={key === 'retail' ? { fontWeight: 700, color: 'var(--mantine-color-brand-7)' } : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** 商品参数: brand, then each attribute with its unit. */
export function AttributesTable({ product }: { product: StoreProduct }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const rows = [
    ...(product.brand ? [{ key: 'brand', label: t('shop.product.brand'), value: product.brand, data: true }] : []),
    ...product.attributes.map((a) => ({ key: a.key, label: lng === 'en' ? a.labelEn : a.label, value: attrText(t, a.value, a.unit, lng), data: typeof a.value === 'string' || Boolean(a.unit) })),
  ];
  if (!rows.length) return null;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">{t('shop.product.attributes')}</Title>
      <Table withTableBorder withColumnBorders verticalSpacing={8} horizontalSpacing="md" data-testid="product-attributes" layout="fixed">
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} data-attr-key={r.key}>
              <Table.Th w={{ base: 110, sm: 160 }} bg="gray.0" fw={500} c="dimmed" fz="sm" translate={lng === 'en' ? undefined : 'no'}>{r.label}</Table.Th>
              <Table.Td fz="sm" translate={r.data ? 'no' : undefined} style={{ overflowWrap: 'anywhere' }}>{r.value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** 执行标准 GB/T … (with its kind and filing number), or the seller's quality statement. */
export function QualityCard({ standard }: { standard: QualityStandard | null }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" data-testid="quality-standard">
      <Stack gap={6}>
        <Title order={2} size="h5">{t('shop.product.quality.title')}</Title>
        {!standard && <Text size="sm" c="dimmed">{t('shop.product.quality.none')}</Text>}
        {standard && standard.type === 'statement' && (
          <>
            <Text size="xs" c="dimmed">{t('shop.product.quality.statement')}</Text>
            <Text size="sm" translate="no" style={{ whiteSpace: 'pre-wrap' }}>{standard.statement}</Text>
          </>
        )}
        {standard && standard.type !== 'statement' && (
          <>
            <Text size="sm">
              {t('shop.product.quality.standard')}{' '}
              <Text span fw={600} translate="no" data-testid="quality-code">{standard.code}</Text>
            </Text>
            <Text size="xs" c="dimmed">{t(`shop.product.quality.type.${standard.type}`)}</Text>
            {standard.filingRef && <Text size="xs" c="dimmed" translate="no">{t('shop.product.quality.filingRef', { value: standard.filingRef })}</Text>}
          </>
        )}
      </Stack>
    </Paper>
  );
}
