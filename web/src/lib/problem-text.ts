import type { TFunction } from 'i18next';
import { ApiError, type ProblemIssue } from '../api/client';
import { i18n } from '../i18n';
import { formatDate, formatDateTime, weekdayName } from './format';

/**
 * Turns an API problem (RFC 9457, English `detail`) into text in the UI language.
 *
 * Every problem code the API can answer has a message in `problemText.*` (variants `<code>_<context>`
 * are chosen from the problem's meta fields, or, where the API gives no meta, from the shape of its
 * `detail`; the plain key is always the fallback). Validation issues and calendar problems are shown
 * one per line as "<field>: <message>", mapped from the API's (Zod) message or problem code; an issue
 * that cannot be mapped says "此项填写有误" in zh-CN rather than showing English. Only a code this UI
 * does not know falls back to the API's `detail` (marked `lang="en"`).
 */

/** Text, or a piece of data (an id, a key the user typed) that is shown as it is and never translated. */
export type Segment = string | { data: string };
export type ProblemLine = { field: Segment[] | null; message: Segment[] };
export type ProblemView = {
  title: string;
  /** The sentence under the title; null when there is nothing to add. */
  body: Segment[] | null;
  /** The body is the API's own English `detail` (a code this UI does not know). */
  bodyIsApiText: boolean;
  lines: ProblemLine[];
  /** Lines not shown (more than {@link MAX_LINES}). */
  more: number;
  requestId: string | null;
};

const MAX_LINES = 8;

type Value = string | number | { data: string } | Segment[];
type Options = Record<string, unknown>;

const untyped = (t: TFunction) => t as unknown as (key: string, options?: Options) => string;
const has = (key: string) => i18n.exists(key);

/**
 * `t()` for a key built from data, returning segments: values given as `{ data }` or as segments are
 * spliced in without passing through i18next (so data is never interpolated into a translation).
 */
function fmt(t: TFunction, key: string, values: Record<string, Value> = {}, context?: string): Segment[] {
  const parts: Segment[][] = [];
  const opts: Options = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'string' || typeof v === 'number') opts[k] = String(v);
    else {
      parts.push(Array.isArray(v) ? v : [v]);
      opts[k] = `\u0000${parts.length - 1}\u0000`;
    }
  }
  if (context && has(`${key}_${context}`)) opts.context = context;
  const text = untyped(t)(key, opts);
  return text.split(/\u0000(\d+)\u0000/).flatMap((piece, i) => (i % 2 ? parts[Number(piece)] ?? [] : piece ? [piece] : []));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const firstQuoted = (s: string): string | undefined => /"([^"]*)"/.exec(s)?.[1];
/** A list of data values ("a, b, c" in the API's text) joined the way the UI language lists things. */
const listOf = (t: TFunction, items: string[], label?: (s: string) => string): Segment[] => {
  const sep = untyped(t)('problemText.listSeparator');
  return items.flatMap((item, i): Segment[] => {
    const shown: Segment = label ? label(item) : { data: item };
    return i === 0 ? [shown] : [sep, shown];
  });
};
const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** A label used inside a sentence: lower-case in English ("a seller"), as it is in Chinese. */
const inSentence = (label: string) => (i18n.language === 'en' ? label.toLowerCase() : label);
function orgKindLabel(t: TFunction, kind: string): string {
  return has(`orgKind.${kind}`) ? inSentence(untyped(t)(`orgKind.${kind}`)) : kind;
}
function permissionLabel(t: TFunction, key: string): string {
  const k = `permissions.${key.replace(':', '_')}`;
  return has(k) ? untyped(t)(k) : key;
}

/** The message variant (i18next context) and values of one code, from its meta fields or the shape of its detail. */
type Resolved = { context?: string; values?: Record<string, Value> };
type Resolver = (p: { meta: Record<string, unknown>; detail: string; t: TFunction; lng: string }) => Resolved;

const RESOLVERS: Record<string, Resolver> = {
  'auth.too_many_attempts': ({ meta, lng }) => {
    const at = str(meta.retryAfter);
    return at && !Number.isNaN(Date.parse(at)) ? { context: 'time', values: { time: formatDateTime(at, lng) } } : {};
  },
  'auth.unauthenticated': ({ detail }) => (/expired|signed out/i.test(detail) ? { context: 'expired' } : {}),
  'auth.forbidden': ({ meta, detail, t }) => {
    const permission = str(meta.permission);
    if (permission) return { context: 'permission', values: { permission: permissionLabel(t, permission) } };
    return /seller, delivery or payment/i.test(detail) ? { context: 'tenant' } : {};
  },
  'identity.login_taken': ({ meta }) => ({ context: str(meta.field) }),
  'identity.weak_password': ({ detail }) => ({
    context: /too common/i.test(detail) ? 'common' : /too few/i.test(detail) ? 'repetitive' : /must not contain/i.test(detail) ? 'personal' : undefined,
  }),
  'identity.role_not_assignable': ({ detail, t }): Resolved => {
    let m = /cannot grant role "([^"]+)".*\(([^)]*)\)/.exec(detail);
    if (m) return { context: 'notHeld', values: { key: { data: m[1]! }, permissions: listOf(t, splitList(m[2]!), (p) => permissionLabel(t, p)) } };
    m = /does not exist for an? (\w+) organisation/.exec(detail);
    if (m) return { context: 'missing', values: { orgKind: orgKindLabel(t, m[1]!) } };
    m = /Unknown permission\(s\): (.*?)\.(?: See|$)/.exec(detail);
    if (m) return { context: 'unknownPermission', values: { permissions: listOf(t, splitList(m[1]!)) } };
    m = /An? (\w+) organisation's role cannot include: (.*?)\.?$/.exec(detail);
    if (m) return { context: 'kindExcludes', values: { orgKind: orgKindLabel(t, m[1]!), permissions: listOf(t, splitList(m[2]!), (p) => permissionLabel(t, p)) } };
    return {};
  },
  'identity.invalid_entity_type': ({ detail, t }): Resolved => {
    if (/cannot be suspended/.test(detail)) return { context: 'platform' };
    const m = /An? (\w+) organisation cannot be registered as "(\w+)"; allowed: (.*?)\.?$/.exec(detail);
    if (!m) return {};
    const entity = (e: string) => (has(`entityType.${e}`) ? inSentence(untyped(t)(`entityType.${e}`)) : e);
    return { context: 'kind', values: { orgKind: orgKindLabel(t, m[1]!), entityType: entity(m[2]!), allowed: listOf(t, splitList(m[3]!), entity) } };
  },
  'identity.role_key_taken': ({ meta, detail }) => {
    const key = str(meta.key) ?? firstQuoted(detail);
    return key ? { context: 'key', values: { key: { data: key } } } : {};
  },
  'identity.totp_state': ({ detail }) => ({
    context: /already on\. Turn it off/i.test(detail) ? 'alreadyOnSetup' : /already on/i.test(detail) ? 'alreadyOn'
      : /set-up first|no authenticator secret/i.test(detail) ? 'notStarted' : /is not on/i.test(detail) ? 'notOn' : undefined,
  }),
  'identity.cannot_change_self': ({ detail }) => ({
    context: /own roles/i.test(detail) ? 'roles' : /disable your own/i.test(detail) ? 'disable' : undefined,
  }),
  'http.not_found': ({ detail }) => (/^No route /.test(detail) ? { context: 'route' } : {}),
  'calendar.day_not_found': ({ meta, lng }) => {
    const date = str(meta.date);
    return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? { context: 'date', values: { date: formatDate(date, lng) } } : {};
  },
  'calendar.invalid_date': ({ meta, detail }) => {
    const value = str(meta.value) ?? firstQuoted(detail);
    if (!value) return {};
    return { context: /is not a month/.test(detail) ? 'month' : 'value', values: { value: { data: value } } };
  },
  'calendar.invalid_duration': ({ detail }) => (/too long/i.test(detail) ? { context: 'tooLong' } : {}),
  'calendar.invalid_calendar': ({ meta }) => (Array.isArray(meta.problems) && meta.problems.length ? { context: 'list' } : {}),
  'calendar.below_service_minimum': ({ meta }) => (Array.isArray(meta.problems) && meta.problems.length ? { context: 'list' } : {}),
  'jobs.not_retryable': ({ meta, t }) => jobStatus(meta, t),
  'jobs.not_cancellable': ({ meta, t }) => jobStatus(meta, t),
  'jobs.singleton_active': ({ meta }) => {
    const id = str(meta.activeJobId);
    return id ? { context: 'job', values: { activeJobId: { data: id } } } : {};
  },
};

function jobStatus(meta: Record<string, unknown>, t: TFunction): Resolved {
  const status = str(meta.jobStatus);
  if (!status) return {};
  return { context: 'status', values: { status: has(`jobs.status.${status}`) ? untyped(t)(`jobs.status.${status}`) : status } };
}

// --- Field names -----------------------------------------------------------------------------------

const PATH_PREFIX = /^(body|querystring|params|headers)(\.|$)/;

/** "body.owner.email" → 负责人邮箱; "weeklyHours.3.0" → 星期三第 1 段; unknown paths as data. */
export function fieldLabel(t: TFunction, lng: string, rawPath: string): Segment[] | null {
  const path = rawPath.replace(PATH_PREFIX, '');
  if (!path || path === '(root)') return null;
  const seg = path.split('.');
  const name = (key: string | undefined): string | null => (key && has(`problemFields.${key}`) && !['owner', 'interval', 'intervalStart', 'intervalEnd', 'dayField'].includes(key)
    ? untyped(t)(`problemFields.${key}`) : null);

  if (seg[0] === 'weeklyHours' && seg.length > 1) {
    const n = Number(seg[1]);
    if (!Number.isInteger(n) || n < 1 || n > 7) return [untyped(t)('problemFields.weeklyHours')];
    const day = weekdayName(n, lng);
    if (seg.length === 2) return [day];
    const i = Number(seg[2]);
    if (!Number.isInteger(i)) return [{ data: path }];
    if (seg.length === 3) return [untyped(t)('problemFields.interval', { day, n: i + 1 })];
    const key = seg[3] === '0' ? 'problemFields.intervalStart' : seg[3] === '1' ? 'problemFields.intervalEnd' : 'problemFields.interval';
    return [untyped(t)(key, { day, n: i + 1 })];
  }
  if (seg[0] === 'days' && seg.length > 1) {
    const date = seg[1]!;
    const shown: Segment = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)) ? formatDate(date, lng) : { data: date };
    const field = name(seg[2]);
    if (seg.length === 2) return [shown];
    return field && seg.length === 3 ? fmt(t, 'problemFields.dayField', { date: [shown], field }) : [{ data: path }];
  }
  if (seg[0] === 'owner' && seg.length === 2) {
    const field = name(seg[1]);
    return field ? [untyped(t)('problemFields.owner', { field: inSentence(field) })] : [{ data: path }];
  }
  // roleIds.3, permissions.0: the list's name.
  const last = seg.length > 1 && /^\d+$/.test(seg[seg.length - 1]!) ? seg.slice(0, -1) : seg;
  const label = last.length === 1 ? name(last[0]) : null;
  return label ? [label] : [{ data: path }];
}

// --- Validation issues -----------------------------------------------------------------------------

type IssueRule = [RegExp, (m: RegExpExecArray) => { key: string; values?: Record<string, Value>; context?: string }];
const bound = (op: string | undefined, n: string, delta: number) => (op === '=' ? Number(n) : Number(n) + delta);

/** Zod's messages (v4) and the API's own schema messages → problemIssues.* */
const ISSUE_RULES: IssueRule[] = [
  [/^unknown field/i, () => ({ key: 'unknownField' })],
  [/^Invalid input: expected \w+, received (undefined|null)$/, () => ({ key: 'required' })],
  [/^must not be empty$/, () => ({ key: 'required' })],
  [/^Invalid input: expected int, received number$/, () => ({ key: 'integer' })],
  [/^Invalid input: expected (\w+), received \w+$/, (m) => ({ key: 'wrongType', context: m[1] === 'int' ? 'number' : m[1] === 'tuple' ? 'array' : m[1] }) ],
  [/^Too small: expected string to have >(=?)(\d+) characters?$/, (m) => (bound(m[1], m[2]!, 1) <= 1 ? { key: 'required' } : { key: 'tooShort', values: { min: bound(m[1], m[2]!, 1) } })],
  [/^Too big: expected string to have <(=?)(\d+) characters?$/, (m) => ({ key: 'tooLong', values: { max: bound(m[1], m[2]!, -1) } })],
  [/^Too small: expected (?:array|set) to have >(=?)(\d+) items?$/, (m) => ({ key: 'tooFewItems', values: { min: bound(m[1], m[2]!, 1) } })],
  [/^Too big: expected (?:array|set) to have <(=?)(\d+) items?$/, (m) => ({ key: 'tooManyItems', values: { max: bound(m[1], m[2]!, -1) } })],
  [/^Too small: expected (?:number|bigint|int) to be >=(-?[\d.]+)$/, (m) => ({ key: 'tooSmall', values: { min: m[1]! } })],
  [/^Too small: expected (?:number|bigint|int) to be >(-?[\d.]+)$/, (m) => ({ key: 'greaterThan', values: { min: m[1]! } })],
  [/^Too big: expected (?:number|bigint|int) to be <=(-?[\d.]+)$/, (m) => ({ key: 'tooBig', values: { max: m[1]! } })],
  [/^Too big: expected (?:number|bigint|int) to be <(-?[\d.]+)$/, (m) => ({ key: 'lessThan', values: { max: m[1]! } })],
  [/^must have at least (\d+) characters?$/, (m) => ({ key: 'tooShort', values: { min: m[1]! } })],
  [/^must have at most (\d+) characters?$/, (m) => ({ key: 'tooLong', values: { max: m[1]! } })],
  [/^Invalid option: expected one of/, () => ({ key: 'invalidOption' })],
  [/^Invalid input: expected /, () => ({ key: 'invalidOption' })],
  [/^Invalid email address$|^must be an email address/, () => ({ key: 'email' })],
  [/^must be a phone number/, () => ({ key: 'phone' })],
  [/^must be the 6-digit code$/, () => ({ key: 'totpCode' })],
  [/^must be lower-case letters, digits and _/, () => ({ key: 'roleKey' })],
  [/^must be a time HH:MM/, () => ({ key: 'timeOfDay' })],
  [/^must be a time between (\d+) and (\d+)$/, (m) => ({ key: 'timeRange', values: { from: m[1]!, to: m[2]! } })],
  [/^Invalid ISO datetime$/, () => ({ key: 'dateTime' })],
  [/^Invalid ISO date$|^must be a date YYYY-MM-DD$/, () => ({ key: 'date' })],
  [/^must be a year from (\d+) to (\d+)$/, (m) => ({ key: 'year', values: { from: m[1]!, to: m[2]! } })],
  [/^must be a month YYYY-MM/, () => ({ key: 'month' })],
  [/^must be a whole number from (\d+) to (\d+)$/, (m) => ({ key: 'wholeNumber', values: { from: m[1]!, to: m[2]! } })],
  [/^change at least one field$/, () => ({ key: 'changeSomething' })],
  [/^give an email address or a phone number/, () => ({ key: 'emailOrPhone' })],
  [/^must not contain NUL characters/, () => ({ key: 'unstorable' })],
  [/^Invalid (string|format|ISO|url|URL|uuid|UUID|IPv[46]|base64|emoji|cuid|ulid|nanoid|hex|jwt|e\.164|mac)\b/, () => ({ key: 'format' })],
];

/** One validation issue's message in the UI language; in zh-CN never the API's English. */
export function issueMessage(t: TFunction, lng: string, message: string): { text: Segment[]; isApiText: boolean } {
  for (const [re, to] of ISSUE_RULES) {
    const m = re.exec(message);
    if (!m) continue;
    const { key, values, context } = to(m);
    return { text: fmt(t, `problemIssues.${key}`, values, context), isApiText: false };
  }
  // An English page may show the API's own message; a Chinese one says what it can without it.
  return lng === 'en' && message ? { text: [message], isApiText: true } : { text: fmt(t, 'problemIssues.invalid'), isApiText: false };
}

// --- Calendar problems -----------------------------------------------------------------------------

type CalendarProblem = { path?: unknown; code?: unknown; message?: unknown };

function calendarProblemMessage(t: TFunction, lng: string, p: CalendarProblem): Segment[] {
  const code = str(p.code) ?? '';
  const message = str(p.message) ?? '';
  const key = `calendarProblems.${code}`;
  if (!code || !has(key)) return issueMessage(t, lng, lng === 'en' ? message : '').text;
  let m: RegExpExecArray | null;
  switch (code) {
    case 'too_many_intervals':
      return fmt(t, key, { max: /at most (\d+)/.exec(message)?.[1] ?? '12' });
    case 'bad_time': {
      const value = firstQuoted(message);
      return value !== undefined ? fmt(t, key, { value: { data: value } }, 'value') : fmt(t, key);
    }
    case 'unknown_time_zone': {
      const value = firstQuoted(message);
      return value !== undefined ? fmt(t, key, { value: { data: value } }, 'value') : fmt(t, key);
    }
    case 'overlap':
      m = /(\d{2}:\d{2}–\d{2}:\d{2}) overlaps (\d{2}:\d{2}–\d{2}:\d{2})/.exec(message);
      return m ? fmt(t, key, { a: m[1]!, b: m[2]! }, 'times') : fmt(t, key);
    case 'standard_day_too_long':
      m = /set to (\d+) minutes.*\((\d+) minutes\)/.exec(message);
      return m ? fmt(t, key, { minutes: m[1]!, longest: m[2]! }, 'minutes') : fmt(t, key);
    case 'below_service_minimum': {
      const minDays = /at least (\d+) days/.exec(message)?.[1] ?? '5';
      const fullDays = /only (\d+) day/.exec(message)?.[1];
      return fullDays !== undefined ? fmt(t, key, { minDays, fullDays }, 'count') : fmt(t, key, { minDays });
    }
    default:
      return fmt(t, key);
  }
}

// --- The whole problem -----------------------------------------------------------------------------

function titleOf(t: TFunction, e: ApiError): string {
  if (e.status === 0) return untyped(t)('problems.network');
  if (has(`problems.${e.code}`) && typeof i18n.t(`problems.${e.code}` as never, { returnObjects: true }) === 'string') return untyped(t)(`problems.${e.code}`);
  if (has(`problems.byStatus.${e.status}`)) return untyped(t)(`problems.byStatus.${e.status}`);
  return untyped(t)(e.status >= 500 ? 'problems.server' : 'problems.generic');
}

function isKnownCode(code: string): boolean {
  return has(`problemText.${code}`) && typeof i18n.t(`problemText.${code}` as never, { returnObjects: true }) === 'string';
}

export function describeProblem(error: unknown, t: TFunction, lng: string): ProblemView {
  if (!(error instanceof ApiError)) {
    const message = error instanceof Error ? error.message : String(error ?? '');
    const body = lng === 'en' && message ? [message] : fmt(t, 'problemText.unexpected');
    return { title: untyped(t)('problems.generic'), body, bodyIsApiText: false, lines: [], more: 0, requestId: null };
  }
  const view: ProblemView = { title: titleOf(t, error), body: null, bodyIsApiText: false, lines: [], more: 0, requestId: error.requestId };
  if (error.status === 0) return { ...view, body: fmt(t, 'problems.networkDetail') };

  const meta = error.body;
  let lines: ProblemLine[] = [];
  if (error.issues.length > 0) {
    lines = error.issues.map((i: ProblemIssue) => ({
      field: fieldLabel(t, lng, String(i.path ?? '')),
      message: issueMessage(t, lng, String(i.message ?? '')).text,
    }));
  } else if (error.code.startsWith('calendar.') && Array.isArray(meta.problems)) {
    lines = (meta.problems as CalendarProblem[]).map((p) => ({
      field: fieldLabel(t, lng, str(p.path) ?? ''),
      message: calendarProblemMessage(t, lng, p),
    }));
  }

  let body: Segment[] | null;
  let bodyIsApiText = false;
  if (isKnownCode(error.code)) {
    const { context, values } = error.code === 'validation_failed' ? { context: lines.length ? undefined : 'empty', values: undefined }
      : RESOLVERS[error.code]?.({ meta, detail: error.detail, t, lng }) ?? {};
    body = fmt(t, `problemText.${error.code}`, values, context);
  } else if (error.detail) {
    // A code this UI does not know yet: the API's own words are better than nothing.
    body = [error.detail];
    bodyIsApiText = true;
  } else {
    body = fmt(t, error.status >= 500 ? 'problemText.internal' : 'problemText.unknown');
  }
  return { ...view, body, bodyIsApiText, lines: lines.slice(0, MAX_LINES), more: Math.max(0, lines.length - MAX_LINES) };
}

/** "<field>：<message>" in the UI language's punctuation. */
export function lineSegments(t: TFunction, line: ProblemLine): Segment[] {
  return line.field ? fmt(t, 'problemText.issue', { field: line.field, message: line.message }) : line.message;
}
