import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { issueMessage } from '../../lib/problem-text';
import type { AttributeDef } from './api';
import { IMAGE_FORMATS, withData } from './data-text';
import { issueAttribute, listingIssues, priceRejectedText, ruleMessage, scheduleText, Segments, transitionText, type ListingIssue } from './listing-rules';

/** What the form knows, so a path like skus.1.attributes.color reads "销售规格 2 · 颜色". */
export type IssueContext = { attributes?: AttributeDef[] };
export type Issue = ListingIssue;

const tx = (t: TFunction) => t as unknown as (key: string, options?: Record<string, unknown>) => string;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The problem's issues (meta.issues of the catalog's 422s, or a 400's validation issues) with their rule and params, paths without "body.". */
export function problemIssues(error: unknown): Issue[] {
  if (!(error instanceof ApiError)) return [];
  return listingIssues(error.issues);
}

/** The prohibited terms of a catalog.prohibited_content problem. */
export function problemTerms(error: unknown): Array<{ term: string; field: string }> {
  if (!(error instanceof ApiError) || !Array.isArray(error.body.terms)) return [];
  return (error.body.terms as Array<Record<string, unknown>>).map((x) => ({ term: str(x.term), field: str(x.field) }));
}

function attrName(lng: string, ctx: IssueContext, key: string): string {
  const a = ctx.attributes?.find((x) => x.key === key);
  return a ? (lng === 'en' ? a.labelEn : a.label) : key;
}

/** A field path of a product, price or delivery-fee body in the UI language. */
export function fieldName(t: TFunction, lng: string, path: string, ctx: IssueContext = {}): string {
  const T = tx(t);
  const seg = path.split('.');
  const field = (k: string) => T(`catalog.fields.${k}`);
  const known = (k: string) => ['title', 'subtitle', 'description', 'brand', 'images', 'categoryId', 'qualityStandard', 'priceTag', 'skus',
    'retail', 'member', 'list', 'government', 'priceType', 'reason', 'baseFee', 'freeOver', 'extraItemFee', 'deliveryTerms', 'attributes'].includes(k);
  if (seg[0] === 'attributes' && seg[1]) return attrName(lng, ctx, seg[1]);
  if (seg[0] === 'qualityStandard' && seg[1]) return `${field('qualityStandard')} · ${T(`catalog.fields.qs.${['type', 'code', 'filingRef', 'statement'].includes(seg[1]) ? seg[1] : 'type'}`)}`;
  if (seg[0] === 'priceTag' && seg[1]) return `${field('priceTag')} · ${T(`catalog.fields.tag.${['origin', 'grade', 'pricingOfficer', 'supervisionContact'].includes(seg[1]) ? seg[1] : 'origin'}`)}`;
  if (seg[0] === 'government' && seg[1]) return `${field('government')} · ${T(`catalog.fields.gov.${['authority', 'documentNo', 'basePrice', 'minPrice', 'maxPrice'].includes(seg[1]) ? seg[1] : 'authority'}`)}`;
  if (seg[0] === 'skus' && seg[1] !== undefined && /^\d+$/.test(seg[1])) {
    const i = Number(seg[1]);
    // By position, as the form numbers them (a code is data and may not be saved yet).
    const sku = T('catalog.fields.skuN', { n: i + 1 });
    const rest = seg.slice(2);
    if (rest.length === 0) return sku;
    if (rest[0] === 'attributes' && rest[1]) return `${sku} · ${attrName(lng, ctx, rest[1])}`;
    if (rest[0] === 'price') return `${sku} · ${rest[1] === 'list' ? field('list') : rest[1] === 'member' ? field('member') : T('catalog.fields.price')}`;
    const skuFields = ['code', 'specification', 'barcode', 'weightGrams', 'salesUnit', 'imageId'];
    return `${sku} · ${skuFields.includes(rest[0]!) ? T(`catalog.fields.sku.${rest[0]}`) : rest.join('.')}`;
  }
  if (seg[0] && known(seg[0])) return field(seg[0]);
  return path;
}

type Rule = [RegExp, (m: RegExpExecArray, t: TFunction) => string];
/** Issues that carry no rule code yet (a foreign SKU id, a closed category) and the request validation's own messages. */
const ISSUE_RULES: Rule[] = [
  [/is not part of this product/, (_m, t) => t('catalog.issue.foreignSku')],
  [/is closed for new listings/, (_m, t) => t('catalog.issue.categoryClosed')],
  [/^use 1–40 letters/, (_m, t) => t('catalog.issue.skuCode')],
  [/^a barcode is 8 to 14 digits/, (_m, t) => t('catalog.issue.barcode')],
  [/^say why the price/, (_m, t) => t('catalog.issue.reason')],
  [/^give a reason of at least/, (_m, t) => t('catalog.issue.reasonShort')],
  [/^a product needs at least one SKU/, (_m, t) => t('catalog.issue.noSku')],
];

/**
 * One issue's message in the UI language: from its rule and params when it has them, else from its
 * message (the API's English only on an English page, for a message this UI does not know).
 */
export function issueText(t: TFunction, lng: string, issue: Issue, ctx: IssueContext = {}): string {
  const byRule = ruleMessage(t, issue, (key) => attrName(lng, ctx, key));
  if (byRule !== null) return byRule;
  for (const [re, to] of ISSUE_RULES) {
    const m = re.exec(issue.message);
    if (m) return to(m, t);
  }
  return issueMessage(t, lng, issue.message).text.map((s) => (typeof s === 'string' ? s : s.data)).join('');
}

/** The form's attributes plus the one an issue names (a rule may have changed since the form loaded it). */
function withIssueAttribute(ctx: IssueContext, issue: Issue): IssueContext {
  const a = issueAttribute(issue);
  if (!a || ctx.attributes?.some((x) => x.key === a.key)) return ctx;
  return { attributes: [...(ctx.attributes ?? []), { key: a.key, label: a.label, labelEn: a.labelEn } as AttributeDef] };
}

type View = { title: string; body: ReactNode; lines: ReactNode[] };

function viewOf(t: TFunction, lng: string, e: ApiError, ctx: IssueContext): View | null {
  const T = tx(t);
  const lines = problemIssues(e).map((i) => {
    const c = withIssueAttribute(ctx, i);
    return <>{fieldName(t, lng, i.path, c)}{t('catalog.colon')}{issueText(t, lng, i, c)}</>;
  });
  const title = T(`catalog.problem.title.${e.code.replace('catalog.', '')}`);
  switch (e.code) {
    case 'validation_failed':
      return { title: t('catalog.problem.title.validation_failed'), body: t('catalog.problem.validation'), lines };
    case 'catalog.incomplete_listing':
      return { title, body: t('catalog.problem.incomplete'), lines };
    case 'catalog.invalid_content':
      return { title, body: t('catalog.problem.invalidContent'), lines };
    case 'catalog.prohibited_content':
      return { title, body: t('catalog.problem.prohibited'), lines: problemTerms(e).map((x) => (
        <>{t('catalog.problem.termIn', { field: fieldName(t, lng, x.field, ctx) })} <Code translate="no" data-testid="prohibited-term">{x.term}</Code></>)) };
    case 'catalog.price_rejected':
      return { title, body: priceRejectedText(t, lng, e.body), lines: [] };
    case 'catalog.invalid_transition':
      return { title, body: <Segments parts={transitionText(t, e.body, 'seller')} code />, lines: [] };
    case 'catalog.bad_schedule':
      return { title, body: scheduleText(t, e.body), lines: [] };
    case 'catalog.duplicate_sku_code':
      return { title, body: <>{t('catalog.problem.duplicateSku')} <Code translate="no">{str(e.body.code)}</Code></>, lines: [] };
    case 'catalog.invalid_image':
      return { title, body: e.status === 413 ? t('catalog.problem.image.tooBig') : e.status === 415 ? withData((m) => t('catalog.problem.image.type', { formats: m(0) }), [IMAGE_FORMATS])
        : /pixels/.test(e.detail) ? t('catalog.problem.image.size') : /empty/.test(e.detail) ? t('catalog.problem.image.empty') : t('catalog.problem.image.generic'), lines: [] };
    case 'catalog.not_leaf_category':
      return { title, body: t('catalog.problem.notLeaf'), lines: [] };
    case 'catalog.category_not_found':
    case 'catalog.product_not_found':
    case 'catalog.sku_not_found':
    case 'catalog.image_not_found':
    case 'catalog.price_change_not_found':
      return { title, body: t('catalog.problem.notFound'), lines: [] };
    default:
      return null;
  }
}

/**
 * API failures of the catalog screens: the catalog's own codes (422 issues naming each missing field,
 * prohibited terms, price rules, shelf transitions) in the UI language, with field names from the
 * category rule; every other problem as the shared ProblemAlert.
 */
export function CatalogProblem({ error, ctx = {}, onClose, testId }: { error: unknown; ctx?: IssueContext; onClose?: () => void; testId?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const view = error instanceof ApiError ? viewOf(t, i18n.language, error, ctx) : null;
  if (!view || !(error instanceof ApiError)) return <ProblemAlert error={error} onClose={onClose} />;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title={view.title} role="alert" data-testid={testId ?? 'catalog-problem'}
      data-code={error.code} withCloseButton={Boolean(onClose)} onClose={onClose} closeButtonLabel={t('common.close')}>
      <Stack gap={4}>
        <Text size="sm" data-testid="problem-detail">{view.body}</Text>
        {view.lines.length > 0 && (
          <Stack gap={2} component="ul" m={0} pl="md">
            {view.lines.map((line, i) => <Text component="li" size="sm" key={i} data-testid="problem-issue">{line}</Text>)}
          </Stack>
        )}
        {error.requestId && <Text size="xs" c="dimmed">{t('problems.requestId')} <Code translate="no">{error.requestId}</Code></Text>}
      </Stack>
    </Alert>
  );
}
