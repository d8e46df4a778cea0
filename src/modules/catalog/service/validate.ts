import type { categoryRule } from '../schema.js';
import type { AttributeDef, ProductContent } from '../types.js';

type Rule = typeof categoryRule.$inferSelect;
/**
 * One reason a listing cannot be saved or submitted: the field, an English message, and a stable
 * `rule` code with `params` so a UI can say the same in its own language.
 */
export type Issue = { path: string; message: string; rule: string; params?: Record<string, unknown> };

const label = (a: AttributeDef) => `“${a.label} (${a.key})”`;
const attr = (a: AttributeDef) => ({ attribute: { key: a.key, label: a.label, labelEn: a.labelEn, unit: a.unit ?? null, options: a.options ?? [] } });

function checkValue(a: AttributeDef, v: unknown, path: string, issues: Issue[]): void {
  const wrong = (message: string) => issues.push({ path, message, rule: a.type === 'enum' ? 'attribute_option' : 'attribute_type', params: { ...attr(a), type: a.type } });
  if (a.type === 'number' && typeof v !== 'number') wrong(`Attribute ${label(a)} must be a number${a.unit ? ` in ${a.unit}` : ''}.`);
  if (a.type === 'boolean' && typeof v !== 'boolean') wrong(`Attribute ${label(a)} must be true or false.`);
  if (a.type === 'text' && typeof v !== 'string') wrong(`Attribute ${label(a)} must be text.`);
  if (a.type === 'enum' && !(typeof v === 'string' && (a.options ?? []).includes(v))) wrong(`Attribute ${label(a)} must be one of: ${(a.options ?? []).join(', ')}.`);
}

function checkAttributes(defs: AttributeDef[], values: Record<string, unknown>, base: string, issues: Issue[]): void {
  const byKey = new Map(defs.map((a) => [a.key, a]));
  for (const [k, v] of Object.entries(values)) {
    const a = byKey.get(k);
    if (!a) {
      issues.push({ path: `${base}.${k}`, message: `Attribute “${k}” is not defined for this category${defs.length ? `; allowed: ${defs.map((d) => d.key).join(', ')}` : ''}.`,
        rule: 'unknown_attribute', params: { key: k, allowed: defs.map((d) => d.key) } });
      continue;
    }
    checkValue(a, v, `${base}.${k}`, issues);
  }
}

/** Checks at every save: only attributes the category defines, with values of the right type. */
export function saveIssues(content: ProductContent, rule: Rule): Issue[] {
  const issues: Issue[] = [];
  checkAttributes(rule.attributes.filter((a) => a.level === 'product'), content.attributes, 'attributes', issues);
  content.skus.forEach((s, i) => checkAttributes(rule.attributes.filter((a) => a.level === 'sku'), s.attributes, `skus.${i}.attributes`, issues));
  const codes = new Set<string>();
  content.skus.forEach((s, i) => {
    if (codes.has(s.code)) issues.push({ path: `skus.${i}.code`, message: `SKU code “${s.code}” is used twice in this product.`, rule: 'duplicate_sku_code', params: { code: s.code } });
    codes.add(s.code);
  });
  return issues;
}

const missing = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Checks before review (MS-CAT-03, PL-CAT-05, PL-CAT-06, PL-PRC-06): every required attribute,
 * title length, images, the quality standard when the category asks for it, the mandatory
 * price-tag fields, and a price for every SKU. Each issue names what is missing.
 */
export function submitIssues(content: ProductContent, rule: Rule, prices: Map<string, { list: number | null; member: number | null; priceType: string }>): Issue[] {
  const issues = saveIssues(content, rule);
  const title = [...content.title].length;
  if (title < rule.titleMinLength || title > rule.titleMaxLength) {
    issues.push({ path: 'title', message: `The title has ${title} characters; this category asks for ${rule.titleMinLength} to ${rule.titleMaxLength}.`,
      rule: 'title_length', params: { length: title, min: rule.titleMinLength, max: rule.titleMaxLength } });
  }
  for (const a of rule.attributes.filter((x) => x.required && x.level === 'product')) {
    if (missing(content.attributes[a.key])) issues.push({ path: `attributes.${a.key}`, message: `Attribute ${label(a)} is required by this category.`, rule: 'required_attribute', params: attr(a) });
  }
  content.skus.forEach((s, i) => {
    for (const a of rule.attributes.filter((x) => x.required && x.level === 'sku')) {
      if (missing(s.attributes[a.key])) {
        issues.push({ path: `skus.${i}.attributes.${a.key}`, message: `SKU ${s.code}: attribute ${label(a)} is required by this category.`, rule: 'required_attribute', params: { ...attr(a), sku: s.code } });
      }
    }
  });
  if (content.images.length === 0) issues.push({ path: 'images', message: 'Add at least one product image.', rule: 'images_required' });
  if (content.description.trim().length < 10) issues.push({ path: 'description', message: 'Describe the product in at least 10 characters.', rule: 'description_too_short', params: { min: 10 } });
  if (rule.qualityStandardRequired && !content.qualityStandard) {
    issues.push({ path: 'qualityStandard', message: 'This category requires the applicable quality standard (or a statement of characteristics and safety).', rule: 'quality_standard_required' });
  }
  if (content.qualityStandard && content.qualityStandard.type === 'enterprise' && !content.qualityStandard.filingRef) {
    issues.push({ path: 'qualityStandard.filingRef', message: 'An enterprise standard needs its filing (备案) reference.', rule: 'filing_ref_required' });
  }
  const tag = rule.priceTagRequired;
  const tagNames: Record<string, string> = { origin: 'origin (产地)', grade: 'grade (等级)', pricingOfficer: 'pricing officer (物价员)', supervisionContact: 'price supervision contact (价格监督电话)' };
  for (const f of ['origin', 'grade', 'pricingOfficer', 'supervisionContact'] as const) {
    if (tag.includes(f) && missing(content.priceTag[f])) issues.push({ path: `priceTag.${f}`, message: `The price tag needs the ${tagNames[f]}.`, rule: 'price_tag_field', params: { field: f } });
  }
  content.skus.forEach((s, i) => {
    if (tag.includes('specification') && missing(s.specification)) {
      issues.push({ path: `skus.${i}.specification`, message: `SKU ${s.code}: the price tag needs its specification (规格).`, rule: 'price_tag_field', params: { field: 'specification', sku: s.code } });
    }
    const p = prices.get(s.id);
    if (!p) {
      issues.push({ path: `skus.${i}.price`, message: `SKU ${s.code} has no price yet: set its price first.`, rule: 'sku_price_missing', params: { sku: s.code } });
      return;
    }
    if (!rule.allowedPriceTypes.includes(p.priceType)) {
      issues.push({ path: `skus.${i}.price`, message: `SKU ${s.code}: price type ${p.priceType} is not allowed in this category (allowed: ${rule.allowedPriceTypes.join(', ')}).`,
        rule: 'price_type_not_allowed', params: { sku: s.code, priceType: p.priceType, allowed: rule.allowedPriceTypes } });
    }
    if (tag.includes('listPrice') && p.list === null) {
      issues.push({ path: `skus.${i}.price.list`, message: `SKU ${s.code}: the price tag needs the market retail (list) price.`, rule: 'price_tag_field', params: { field: 'listPrice', sku: s.code } });
    }
    if (tag.includes('memberPrice') && p.member === null) {
      issues.push({ path: `skus.${i}.price.member`, message: `SKU ${s.code}: the price tag needs the member price.`, rule: 'price_tag_field', params: { field: 'memberPrice', sku: s.code } });
    }
  });
  return issues;
}

/** The text fields of a version that the wording checks read, named as in the content. */
export function wordingFields(c: ProductContent): Record<string, string> {
  return {
    title: c.title, subtitle: c.subtitle, description: c.description, brand: c.brand,
    ...Object.fromEntries(Object.entries(c.attributes).filter(([, x]) => typeof x === 'string').map(([k, x]) => [`attributes.${k}`, x as string])),
    ...Object.fromEntries(c.skus.map((s, i) => [`skus.${i}.specification`, s.specification])),
  };
}
