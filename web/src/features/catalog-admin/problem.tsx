import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { describeProblem, issueMessage, type Segment } from '../../lib/problem-text';
import { listingIssues, ruleMessage, ruleSubject, transitionText, type ListingIssue } from '../catalog/listing-rules';

/**
 * Problems of the catalog API in the UI language. The shared ProblemAlert knows the platform's codes;
 * the catalog's codes (catalog.*) and the issues are translated here: a listing check's issue from its
 * `rule` and `params` (the seller center's texts), the rule editor's checks (which carry no rule code)
 * from their message. A zh-CN screen never shows the API's English. Anything else goes to the shared ProblemAlert.
 */

type Tx = (key: string, options?: Record<string, unknown>) => string;
const tx = (t: TFunction): Tx => t as unknown as Tx;
const quoted = (s: string) => /[“"]([^”"]+)[”"]/.exec(s)?.[1];

/** "body.attributes.2.options" → 第 3 个属性的可选值. Unknown paths come back as they are (data). */
export function issueField(t: TFunction, rawPath: string): Segment[] | null {
  const path = rawPath.replace(/^(body|querystring|params)(\.|$)/, '');
  if (!path || path === '(root)') return null;
  const T = tx(t);
  const seg = path.split('.');
  const has = (k: string) => Boolean(k) && T(`catalogAdmin.problems.fields.${k}`) !== `catalogAdmin.problems.fields.${k}`;
  if (seg[0] === 'attributes' && seg.length >= 2 && /^\d+$/.test(seg[1]!)) {
    const n = Number(seg[1]) + 1;
    if (seg.length === 2) return [T('catalogAdmin.problems.fields.attribute', { n })];
    const f = seg[2]!;
    return [T('catalogAdmin.problems.fields.attributeField', { n, field: has(f) ? T(`catalogAdmin.problems.fields.${f}`) : f })];
  }
  const last = [...seg].reverse().find((s) => !/^\d+$/.test(s)) ?? '';
  return has(last) ? [T(`catalogAdmin.problems.fields.${last}`)] : [{ data: path }];
}

/** The rule editor's own English messages (they carry no rule code), then the shared Zod message table. */
export function issueText(t: TFunction, lng: string, message: string): Segment[] {
  const T = tx(t);
  let m = /attribute key “(.+)” is used twice/.exec(message);
  if (m) return [T('catalogAdmin.problems.issues.keyTwice', { key: m[1] })];
  m = /attribute “(.+)” is a choice/.exec(message);
  if (m) return [T('catalogAdmin.problems.issues.enumNeedsOptions', { label: m[1] })];
  if (/only choice \(enum\) attributes/.test(message)) return [T('catalogAdmin.problems.issues.onlyEnumOptions')];
  if (/minimum title length is above the maximum/.test(message)) return [T('catalogAdmin.problems.issues.titleBounds')];
  if (/^use lower-case letters, digits and _/.test(message)) return [T('catalogAdmin.problems.issues.keyFormat')];
  if (/^give a reason of at least/.test(message)) return [T('catalogAdmin.problems.issues.reasonShort')];
  if (/^use YYYY-MM-DD/.test(message)) return [T('catalogAdmin.problems.issues.date')];
  return issueMessage(t, lng, message).text;
}

const segText = (s: Segment[]) => s.map((p) => (typeof p === 'string' ? p : p.data)).join('');

/** One issue's field and message: by its rule and params when it has them, else from its path and message. */
function issueLine(t: TFunction, lng: string, i: ListingIssue): { field: Segment[] | null; message: Segment[] } {
  const byRule = ruleMessage(t, i);
  if (byRule !== null) return { field: ruleSubject(t, lng, i) ?? issueField(t, i.path), message: [byRule] };
  return { field: issueField(t, i.path), message: issueText(t, lng, i.message) };
}

/** Form errors keyed like Mantine form paths ("attributes.0.key") from a validation problem, for the fields next to them. */
export function fieldErrors(t: TFunction, lng: string, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const i of listingIssues(error.issues)) {
    const path = i.path.replace(/^(body)(\.|$)/, '');
    if (path && !out[path]) out[path] = segText(issueLine(t, lng, i).message);
  }
  return out;
}

type View = { title: string; body: string | Segment[] };

function catalogView(t: TFunction, e: ApiError): View | null {
  const T = tx(t);
  const code = e.code.replace(/^catalog\./, '');
  const key = (k: string) => `catalogAdmin.problems.${k}`;
  switch (e.code) {
    case 'catalog.category_in_use': {
      const name = quoted(e.detail);
      return { title: T(key('category_in_use')), body: name ? T(key('category_in_use_body'), { name }) : T(key('category_in_use_bodyPlain')) };
    }
    case 'catalog.term_exists': {
      const term = quoted(e.detail);
      return { title: T(key('term_exists')), body: term ? T(key('term_exists_body'), { term }) : T(key('term_exists_bodyPlain')) };
    }
    case 'catalog.category_not_found':
    case 'catalog.product_not_found':
    case 'catalog.price_change_not_found':
    case 'catalog.bad_period':
      return { title: T(key(code)), body: T(key(`${code}_body`)) };
    case 'catalog.invalid_transition':
      return { title: T(key('invalid_transition')), body: transitionText(t, e.body, 'operator') };
    default:
      return e.code.startsWith('catalog.') ? { title: T(key('catalog_generic')), body: T(key('catalog_generic_body')) } : null;
  }
}

function Segments({ parts }: { parts: Segment[] }) {
  return <>{parts.map((p, i) => (typeof p === 'string' ? <Fragment key={i}>{p}</Fragment> : <Code key={i} translate="no">{p.data}</Code>))}</>;
}

/**
 * ProblemAlert for the catalog screens: the catalog's codes and validation issues (with the rule
 * editor's field names) in the UI language; every other problem as the shared alert shows it.
 */
export function CatalogProblem({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiError)) return <ProblemAlert error={error} onClose={onClose} />;
  const special = catalogView(t, error);
  const hasIssues = error.issues.length > 0;
  if (!special && !hasIssues) return <ProblemAlert error={error} onClose={onClose} />;
  const base = describeProblem(error, t, i18n.language);
  const title = special?.title ?? base.title;
  const sep = tx(t)('problemText.issue', { field: '', message: '' });
  const lines = listingIssues(error.issues).slice(0, 10).map((i) => issueLine(t, i18n.language, i));
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title={title} role="alert" data-testid="catalog-problem"
      data-code={error.code} withCloseButton={Boolean(onClose)} onClose={onClose} closeButtonLabel={t('common.close')}>
      <Stack gap={4}>
        {special
          ? <Text size="sm" data-testid="problem-detail">{typeof special.body === 'string' ? special.body : <Segments parts={special.body} />}</Text>
          : base.body && <Text size="sm" data-testid="problem-detail"><Segments parts={base.body} /></Text>}
        {lines.length > 0 && (
          <Stack gap={2} component="ul" m={0} pl="md">
            {lines.map((l, i) => (
              <Text component="li" size="sm" key={i} data-testid="problem-issue">
                {l.field && <><Segments parts={l.field} />{sep}</>}
                <Segments parts={l.message} />
              </Text>
            ))}
          </Stack>
        )}
        {base.requestId && <Text size="xs" c="dimmed">{t('problems.requestId')} <Code translate="no">{base.requestId}</Code></Text>}
      </Stack>
    </Alert>
  );
}
