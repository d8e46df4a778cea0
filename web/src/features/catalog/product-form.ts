import type { AttributeDef, CategoryRule, MEASURE_UNITS, Product, ProductBody, QUALITY_STANDARD_TYPES, SkuContent } from './api';

/** An attribute value while editing: '' means "not given". */
export type AttrInput = string | number | boolean;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];
export type QsChoice = '' | (typeof QUALITY_STANDARD_TYPES)[number] | 'statement';

export type SkuForm = {
  /** A stable React key (new rows have no id yet). */
  key: string;
  id: string | null;
  code: string;
  specification: string;
  attributes: Record<string, AttrInput>;
  barcode: string;
  weightGrams: number | '';
  unitMode: 'count' | 'measure';
  unitName: string;
  netQuantity: number | '';
  unit: MeasureUnit;
  imageId: string | null;
};

export type ProductForm = {
  categoryId: string | null;
  title: string;
  subtitle: string;
  brand: string;
  description: string;
  attributes: Record<string, AttrInput>;
  images: string[];
  qsType: QsChoice;
  qsCode: string;
  qsFilingRef: string;
  qsStatement: string;
  priceTag: { origin: string; grade: string; pricingOfficer: string; supervisionContact: string };
  skus: SkuForm[];
};

let seq = 0;
export const rowKey = () => `row-${Date.now().toString(36)}-${(seq++).toString(36)}`;

export function emptySku(): SkuForm {
  return { key: rowKey(), id: null, code: '', specification: '', attributes: {}, barcode: '', weightGrams: '', unitMode: 'count', unitName: '件',
    netQuantity: '', unit: 'g', imageId: null };
}

export function emptyProduct(): ProductForm {
  return { categoryId: null, title: '', subtitle: '', brand: '', description: '', attributes: {}, images: [], qsType: '', qsCode: '', qsFilingRef: '',
    qsStatement: '', priceTag: { origin: '', grade: '', pricingOfficer: '', supervisionContact: '' }, skus: [emptySku()] };
}

function skuForm(s: SkuContent): SkuForm {
  const u = s.salesUnit;
  return {
    key: s.id, id: s.id, code: s.code, specification: s.specification, attributes: { ...s.attributes }, barcode: s.barcode ?? '',
    weightGrams: s.weightGrams ?? '', unitMode: u.mode, unitName: u.mode === 'count' ? u.unitName : '件',
    netQuantity: u.mode === 'measure' ? u.netQuantity : '', unit: u.mode === 'measure' ? u.unit : 'g', imageId: s.imageId,
  };
}

/** The form's values for the latest version of a product. */
export function productForm(p: Product): ProductForm {
  const c = p.latest.content;
  const qs = c.qualityStandard;
  return {
    categoryId: c.categoryId, title: c.title, subtitle: c.subtitle, brand: c.brand, description: c.description, attributes: { ...c.attributes },
    images: [...c.images],
    qsType: qs ? qs.type : '', qsCode: qs && qs.type !== 'statement' ? qs.code : '', qsFilingRef: qs && qs.type !== 'statement' ? qs.filingRef ?? '' : '',
    qsStatement: qs && qs.type === 'statement' ? qs.statement : '',
    priceTag: { origin: c.priceTag.origin ?? '', grade: c.priceTag.grade ?? '', pricingOfficer: c.priceTag.pricingOfficer ?? '',
      supervisionContact: c.priceTag.supervisionContact ?? '' },
    skus: c.skus.map(skuForm),
  };
}

/** Only the attributes the rule defines at that level, typed as the rule says; empty values left out. */
function attributeValues(defs: AttributeDef[], values: Record<string, AttrInput>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const a of defs) {
    const v = values[a.key];
    if (v === undefined || v === '') continue;
    if (a.type === 'number') {
      const n = typeof v === 'number' ? v : Number(v);
      if (Number.isFinite(n)) out[a.key] = n;
    } else if (a.type === 'boolean') {
      out[a.key] = v === true || v === 'true';
    } else {
      const s = String(v).trim();
      if (s) out[a.key] = s;
    }
  }
  return out;
}

/** The API body for the form's values under the category rule. */
export function productBody(f: ProductForm, rule: CategoryRule | undefined): ProductBody {
  const defs = rule?.attributes ?? [];
  const productDefs = defs.filter((a) => a.level === 'product');
  const skuDefs = defs.filter((a) => a.level === 'sku');
  const trimmed = (s: string) => s.trim();
  const tag = Object.fromEntries(Object.entries(f.priceTag).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v)) as ProductBody['priceTag'];
  const qualityStandard: ProductBody['qualityStandard'] = f.qsType === '' ? null
    : f.qsType === 'statement' ? { type: 'statement', statement: f.qsStatement.trim() }
      : { type: f.qsType, code: f.qsCode.trim(), ...(f.qsFilingRef.trim() ? { filingRef: f.qsFilingRef.trim() } : {}) };
  return {
    categoryId: f.categoryId ?? '',
    title: trimmed(f.title),
    subtitle: trimmed(f.subtitle),
    brand: trimmed(f.brand),
    description: trimmed(f.description),
    attributes: attributeValues(productDefs, f.attributes),
    images: f.images,
    qualityStandard,
    priceTag: tag,
    skus: f.skus.map((s) => ({
      ...(s.id ? { id: s.id } : {}),
      code: s.code.trim(),
      specification: s.specification.trim(),
      attributes: attributeValues(skuDefs, s.attributes),
      barcode: s.barcode.trim() || null,
      weightGrams: s.weightGrams === '' ? null : Math.round(Number(s.weightGrams)),
      salesUnit: s.unitMode === 'count' ? { mode: 'count', unitName: s.unitName.trim() }
        : { mode: 'measure', netQuantity: Number(s.netQuantity), unit: s.unit },
      imageId: s.imageId,
    })),
  };
}

/**
 * Maps an API issue path onto the form field showing it (skus.0.code → skus.0.code,
 * qualityStandard → qsType, qualityStandard.filingRef → qsFilingRef); null when no field shows it.
 */
export function formPath(path: string): string | null {
  if (/^(title|subtitle|brand|description|images|categoryId)$/.test(path)) return path;
  if (/^attributes\.[a-z0-9_]+$/.test(path)) return path;
  if (/^priceTag\.(origin|grade|pricingOfficer|supervisionContact)$/.test(path)) return path;
  if (path === 'qualityStandard' || path === 'qualityStandard.type') return 'qsType';
  if (path === 'qualityStandard.code') return 'qsCode';
  if (path === 'qualityStandard.filingRef') return 'qsFilingRef';
  if (path === 'qualityStandard.statement') return 'qsStatement';
  const m = /^skus\.(\d+)\.(code|specification|barcode|weightGrams|attributes\.[a-z0-9_]+)$/.exec(path);
  if (m) return `skus.${m[1]}.${m[2]}`;
  const u = /^skus\.(\d+)\.salesUnit(?:\.(unitName|netQuantity|unit))?/.exec(path);
  if (u) return `skus.${u[1]}.${u[2] ?? 'unitName'}`;
  return null;
}
