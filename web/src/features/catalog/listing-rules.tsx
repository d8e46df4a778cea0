import { Code } from '@mantine/core';
import type { TFunction } from 'i18next';
import { Fragment } from 'react';
import type { Segment } from '../../lib/problem-text';
import { tData } from '../../lib/i18n-dynamic';
import { money } from './labels';

/**
 * The catalog's listing checks in the UI language, from the machine-readable `rule` and `params` the
 * API sends with every issue of catalog.incomplete_listing / catalog.invalid_content and with every
 * item of the price-display supervision lists (src/modules/catalog/service/validate.ts). Used by the
 * seller center and the admin console alike, so a rule reads the same everywhere.
 */

/** One issue as the API sends it; `rule` is missing on the few issues that have no code yet. */
export type ListingIssue = { path: string; message: string; rule?: string; params?: Record<string, unknown> };
/** The attribute definition an attribute issue carries in its params. */
export type IssueAttribute = { key: string; label: string; labelEn: string; unit: string | null; options: string[] };

type Tx = (key: string, options?: Record<string, unknown>) => string;
const tx = (t: TFunction): Tx => t as unknown as Tx;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The issues of a problem body or a list item, with their rule and params when the API gave them. */
export function listingIssues(raw: unknown): ListingIssue[] {
  if (!Array.isArray(raw)) return [];
  return (raw as Array<Record<string, unknown>>).map((i) => ({
    path: String(i.path ?? '').replace(/^body\./, ''), message: String(i.message ?? ''),
    ...(str(i.rule) ? { rule: str(i.rule) } : {}),
    ...(i.params && typeof i.params === 'object' ? { params: i.params as Record<string, unknown> } : {}),
  }));
}

export function issueAttribute(issue: ListingIssue): IssueAttribute | null {
  const a = issue.params?.attribute as Record<string, unknown> | undefined;
  const key = str(a?.key);
  if (!a || !key) return null;
  return { key, label: str(a.label) ?? key, labelEn: str(a.labelEn) ?? str(a.label) ?? key, unit: str(a.unit) ?? null, options: strs(a.options) };
}

/** An attribute's name in the UI language (the category defines both). */
export const attributeLabel = (a: Pick<IssueAttribute, 'label' | 'labelEn'>, lng: string) => (lng === 'en' ? a.labelEn || a.label : a.label);

/** "list" of data values joined as the UI language lists things. */
const join = (t: TFunction, items: string[]) => items.join(tx(t)('catalog.listSeparator'));
const priceType = (t: TFunction, type: string) => tData(t, `catalog.priceType.${type}`, type);

/** A price-tag field (origin, memberPrice, …) in the UI language. */
export const tagFieldLabel = (t: TFunction, field: string) => tData(t, `catalog.fields.tag.${field}`, field);

/**
 * What the issue asks for, in the UI language, from its rule and params; null for an issue without a
 * rule this UI knows (the caller then falls back to the API's message). `attrName` names an attribute
 * key (the unknown-attribute rule lists the allowed keys).
 */
export function ruleMessage(t: TFunction, issue: ListingIssue, attrName?: (key: string) => string): string | null {
  const T = tx(t);
  const p = issue.params ?? {};
  const a = issueAttribute(issue);
  switch (issue.rule) {
    case 'required_attribute':
      return T('catalog.issue.required');
    case 'attribute_type': {
      const type = str(p.type);
      if (type === 'number') return a?.unit ? T('catalog.issue.numberIn', { unit: a.unit }) : T('catalog.issue.number');
      if (type === 'boolean') return T('catalog.issue.boolean');
      return T('catalog.issue.text');
    }
    case 'attribute_option':
      if (!a?.options.length) return T('catalog.issue.option');
      // A long list (19 origins) is offered by the input itself: name the first few.
      return a.options.length > 8
        ? T('catalog.issue.enumMany', { options: join(t, a.options.slice(0, 6)), count: a.options.length })
        : T('catalog.issue.enum', { options: join(t, a.options) });
    case 'unknown_attribute': {
      const allowed = strs(p.allowed);
      return allowed.length
        ? T('catalog.issue.unknownAttributeAllowed', { allowed: join(t, allowed.map((k) => attrName?.(k) ?? k)) })
        : T('catalog.issue.unknownAttribute');
    }
    case 'duplicate_sku_code':
      return T('catalog.issue.duplicateCode');
    case 'title_length':
      return T('catalog.issue.titleLength', { n: num(p.length) ?? '?', min: num(p.min) ?? '?', max: num(p.max) ?? '?' });
    case 'images_required':
      return T('catalog.issue.noImage');
    case 'description_too_short':
      return T('catalog.issue.description', { min: num(p.min) ?? 10 });
    case 'quality_standard_required':
      return T('catalog.issue.qualityStandard');
    case 'filing_ref_required':
      return T('catalog.issue.filingRef');
    case 'price_tag_field':
      return T('catalog.issue.priceTag');
    case 'sku_price_missing':
      return T('catalog.issue.noPrice');
    case 'price_type_not_allowed': {
      const type = str(p.priceType);
      const allowed = join(t, strs(p.allowed).map((x) => priceType(t, x)));
      return type ? T('catalog.issue.priceType', { type: priceType(t, type), allowed }) : T('catalog.issue.priceTypeAny', { allowed });
    }
    default:
      return null;
  }
}

/**
 * What an issue is about, from its params alone (no form around it): "规格 LJ-50G · 会员价", "等级",
 * "商品标题". SKU codes and unknown keys are data. `skus` names several SKUs at once (see
 * {@link groupBySku}). Null for an issue without a rule this UI knows.
 */
export function ruleSubject(t: TFunction, lng: string, issue: ListingIssue, skus?: string[]): Segment[] | null {
  const T = tx(t);
  const p = issue.params ?? {};
  const codes = skus ?? (str(p.sku) ? [str(p.sku)!] : []);
  const skuPart: Segment[] = codes.length ? skuLabel(t, codes) : [];
  const withSku = (...rest: Segment[]): Segment[] => (skuPart.length && rest.length ? [...skuPart, ' · ', ...rest] : skuPart.length ? skuPart : rest);
  const a = issueAttribute(issue);
  switch (issue.rule) {
    case 'required_attribute':
    case 'attribute_type':
    case 'attribute_option':
      return withSku(a ? attributeLabel(a, lng) : T('catalog.fields.attributes'));
    case 'unknown_attribute':
      return [T('catalog.fields.attributes'), ' ', { data: str(p.key) ?? '?' }];
    case 'duplicate_sku_code':
      return [T('catalog.fields.sku.code'), ' ', { data: str(p.code) ?? '?' }];
    case 'title_length': return [T('catalog.fields.title')];
    case 'images_required': return [T('catalog.fields.images')];
    case 'description_too_short': return [T('catalog.fields.description')];
    case 'quality_standard_required': return [T('catalog.fields.qualityStandard')];
    case 'filing_ref_required': return [`${T('catalog.fields.qualityStandard')} · ${T('catalog.fields.qs.filingRef')}`];
    case 'price_tag_field': return withSku(tagFieldLabel(t, str(p.field) ?? ''));
    case 'sku_price_missing':
    case 'price_type_not_allowed':
      return withSku(T('catalog.fields.price'));
    default:
      return null;
  }
}

/** "规格 LJ-50G" / "SKU LJ-50G" (several: "规格 A、B"): the codes are data. */
export function skuLabel(t: TFunction, codes: string | string[]): Segment[] {
  const list = typeof codes === 'string' ? [codes] : codes;
  const sep = tx(t)('catalog.listSeparator');
  const [before, after = ''] = tx(t)(list.length > 1 ? 'catalog.rule.skus' : 'catalog.rule.sku', { code: '\u0000' }).split('\u0000');
  return [...(before ? [before] : []), ...list.flatMap((c, i): Segment[] => (i ? [sep, { data: c }] : [{ data: c }])), ...(after ? [after] : [])];
}

/**
 * The same finding on several SKUs as one line: issues alike but for `params.sku` are merged, in
 * their first position. Issues without a SKU stay as they are.
 */
export function groupBySku(issues: ListingIssue[]): Array<{ issue: ListingIssue; skus?: string[] }> {
  const out: Array<{ issue: ListingIssue; skus?: string[] }> = [];
  const byKey = new Map<string, { issue: ListingIssue; skus?: string[] }>();
  for (const issue of issues) {
    const sku = str(issue.params?.sku);
    if (!issue.rule || !sku) { out.push({ issue }); continue; }
    const { sku: _sku, ...rest } = issue.params ?? {};
    const key = `${issue.rule}\u0000${JSON.stringify(rest)}`;
    const seen = byKey.get(key);
    if (seen) seen.skus!.push(sku);
    else {
      const entry = { issue, skus: [sku] };
      byKey.set(key, entry);
      out.push(entry);
    }
  }
  return out;
}

/** Segments as text with the data parts marked translate="no". */
export function Segments({ parts, code }: { parts: Segment[]; code?: boolean }) {
  return (
    <>
      {parts.map((s, i) => (typeof s === 'string'
        ? <Fragment key={i}>{s}</Fragment>
        : code ? <Code key={i} translate="no" fz="inherit">{s.data}</Code> : <span key={i} translate="no">{s.data}</span>))}
    </>
  );
}

/**
 * A catalog.price_rejected problem in the UI language from its `reason` (and the amounts it carries,
 * in fen); a reason this UI does not know yet gets the general sentence.
 */
export function priceRejectedText(t: TFunction, lng: string, body: Record<string, unknown>): string {
  const T = tx(t);
  const fen = (v: unknown) => (num(v) === undefined ? '?' : money({ amount: num(v)!, currency: 'CNY' }, lng));
  switch (str(body.reason)) {
    case 'price_type_not_allowed': return T('catalog.problem.price.notAllowed', { allowed: join(t, strs(body.allowed).map((x) => priceType(t, x))) });
    case 'government_reference_required': return T('catalog.problem.price.government');
    case 'government_fixed_mismatch': return T('catalog.problem.price.fixed', { price: fen(body.basePrice) });
    case 'government_range_missing': return T('catalog.problem.price.range');
    case 'government_range': return T('catalog.problem.price.outside', { min: fen(body.minPrice), max: fen(body.maxPrice) });
    case 'retail_not_positive': return T('catalog.problem.price.zero');
    case 'member_above_retail': return T('catalog.problem.price.member');
    case 'list_below_retail': return T('catalog.problem.price.list');
    default: return T('catalog.problem.price.generic');
  }
}

/** The `reason` codes of catalog.invalid_transition (src/modules/catalog/service/products.ts, pricing.ts). */
export type TransitionReason = 'already_in_review' | 'nothing_to_submit' | 'not_pending' | 'flags_not_cleared' | 'not_on_shelf' | 'already_on_shelf'
  | 'never_approved' | 'taken_down_by_operator' | 'already_taken_down' | 'sku_retired';
/** A refused transition: its reason and what the problem carries with it. */
export type Transition = { reason: TransitionReason | null; state?: string; status?: string; flags: string[]; takedownReason?: string };

const TRANSITION_REASONS = new Set<string>(['already_in_review', 'nothing_to_submit', 'not_pending', 'flags_not_cleared', 'not_on_shelf',
  'already_on_shelf', 'never_approved', 'taken_down_by_operator', 'already_taken_down', 'sku_retired']);

/**
 * Fallback for a problem without `reason` (an older server): the API's English detail. Only used when
 * `reason` is absent.
 */
const TRANSITION_DETAIL: Array<[RegExp, (m: RegExpExecArray) => Transition]> = [
  [/already waiting for review/, () => ({ reason: 'already_in_review', flags: [] })],
  [/no unsubmitted changes/, () => ({ reason: 'nothing_to_submit', flags: [] })],
  [/^Version \d+ is (\w+); only a version waiting for review/, (m) => ({ reason: 'not_pending', state: m[1], flags: [] })],
  [/price change is (\w+); only pending/, (m) => ({ reason: 'not_pending', status: m[1], flags: [] })],
  [/makes quality claims \((.*)\)/, (m) => ({ reason: 'flags_not_cleared', flags: m[1]!.split(', ').filter(Boolean) })],
  [/is not on shelf/, () => ({ reason: 'not_on_shelf', flags: [] })],
  [/already on shelf/, () => ({ reason: 'already_on_shelf', flags: [] })],
  [/no approved version yet|never on shelf/, () => ({ reason: 'never_approved', flags: [] })],
  [/platform took this product down \((.*)\)/, (m) => ({ reason: 'taken_down_by_operator', takedownReason: m[1], flags: [] })],
  [/already taken down/, () => ({ reason: 'already_taken_down', flags: [] })],
  [/is retired/, () => ({ reason: 'sku_retired', flags: [] })],
];

/** A catalog.invalid_transition problem's reason and params: from `reason` when the API sends it, else from its English detail. */
export function transitionOf(body: Record<string, unknown>): Transition {
  const reason = str(body.reason);
  if (reason) {
    const flags = Array.isArray(body.flags) ? (body.flags as Array<Record<string, unknown>>).map((f) => str(f?.term)).filter((x): x is string => Boolean(x)) : [];
    return { reason: TRANSITION_REASONS.has(reason) ? reason as TransitionReason : null, state: str(body.state), status: str(body.status), flags,
      takedownReason: str(body.takedownReason) };
  }
  const detail = str(body.detail) ?? '';
  for (const [re, to] of TRANSITION_DETAIL) {
    const m = re.exec(detail);
    if (m) return to(m);
  }
  return { reason: null, flags: [] };
}

const HOLE = '\u0000';
/** A sentence translated with HOLE for a parameter, with data segments in its place. */
const around = (text: string, data: Segment[]): Segment[] => {
  const [before = '', after = ''] = text.split(HOLE);
  return [...(before ? [before] : []), ...data, ...(after ? [after] : [])];
};

/**
 * A catalog.invalid_transition problem in the UI language, from its `reason` (the English detail only
 * when an older API sends none). `side` words it for the seller or for the operator; data (terms, the
 * takedown reason) are data segments.
 */
export function transitionText(t: TFunction, body: Record<string, unknown>, side: 'seller' | 'operator'): Segment[] {
  const T = tx(t);
  const k = (key: string) => `catalog.problem.transition.${key}`;
  const x = transitionOf(body);
  switch (x.reason) {
    case 'already_in_review': return [T(k('alreadyInReview'))];
    case 'nothing_to_submit': return [T(k('noChanges'))];
    case 'not_pending':
      if (x.status) return [T(k('priceDecided'), { status: tData(t, `catalog.changeStatus.${x.status}`, x.status) })];
      return x.state ? [T(k('versionDecided'), { state: tData(t, `catalog.versionState.${x.state}`, x.state) })] : [T(k('versionDecidedPlain'))];
    case 'flags_not_cleared':
      return x.flags.length ? around(T(k('flagsNotCleared'), { terms: HOLE }),
        x.flags.flatMap((term, i): Segment[] => (i ? [T('catalog.listSeparator'), { data: term }] : [{ data: term }]))) : [T(k('flagsNotClearedPlain'))];
    case 'not_on_shelf': return [T(k('notOnShelf'))];
    case 'already_on_shelf': return [T(k('alreadyOnShelf'))];
    case 'never_approved': return [T(k(side === 'operator' ? 'neverLive' : 'neverApproved'))];
    case 'taken_down_by_operator':
      return x.takedownReason ? around(T(k('takenDown'), { reason: HOLE }), [{ data: x.takedownReason }]) : [T(k('takenDownPlain'))];
    case 'already_taken_down': return [T(k('alreadyTakenDown'))];
    case 'sku_retired': return [T(k('skuRetired'))];
    default: return [T(k(side === 'operator' ? 'genericOperator' : 'generic'))];
  }
}

/** A catalog.bad_schedule problem (reason past | too_far | order, with the field) in the UI language. */
export function scheduleText(t: TFunction, body: Record<string, unknown>): string {
  const T = tx(t);
  const field = str(body.field) === 'onAt' ? T('catalog.schedule.onTime') : str(body.field) === 'offAt' ? T('catalog.schedule.offTime') : T('catalog.schedule.time');
  switch (str(body.reason)) {
    case 'past': return T('catalog.problem.schedule.past', { field });
    case 'too_far': return T('catalog.problem.schedule.tooFar', { field });
    case 'order': return T('catalog.problem.schedule.order');
    default: return T('catalog.problem.schedule.generic');
  }
}
