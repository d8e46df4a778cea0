import createClient, { type MethodResponse } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type Account = Schemas['Account'];
export type Organisation = Schemas['Organisation'];
export type Role = Schemas['Role'];
export type Session = Schemas['Session'];
export type AuditEntry = Schemas['AuditEntry'];
export type OrgKind = Organisation['kind'];

/** The typed API client. Same origin: the httpOnly session cookie set at sign-in authenticates every call. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin', headers: { accept: 'application/json' } });

export type ProblemIssue = { path: string; message: string };

/** An RFC 9457 problem answered by the API (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId: string | null;
  readonly issues: ProblemIssue[];
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === 'string' ? body.detail : '';
    super(detail || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : status === 0 ? 'network' : `http.${status}`;
    this.detail = detail;
    this.requestId = typeof body.requestId === 'string' ? body.requestId : null;
    this.issues = Array.isArray(body.issues) ? (body.issues as ProblemIssue[]) : [];
    this.body = body;
  }
}

type Outcome = { data?: unknown; error?: unknown; response: Response };
type DataOf<R extends Outcome> = [Exclude<R['data'], undefined>] extends [never] ? void : Exclude<R['data'], undefined>;

/** Awaits an openapi-fetch call: the data on success, else throws ApiError carrying the problem. */
export async function unwrap<R extends Outcome>(call: Promise<R>): Promise<DataOf<R>> {
  let res: R;
  try {
    res = await call;
  } catch {
    throw new ApiError(0, {});
  }
  if (res.response.ok) return res.data as DataOf<R>;
  const body = res.error && typeof res.error === 'object' ? (res.error as Record<string, unknown>) : {};
  throw new ApiError(res.response.status, body);
}

/** Query-string page size for list endpoints (the API takes it as text). */
export const PAGE_SIZE = '20';

export type Calendar = MethodResponse<typeof api, 'get', '/api/admin/calendars/{id}'>;
export type CalendarMonth = MethodResponse<typeof api, 'get', '/api/admin/calendars/{id}/month'>;
export type CalendarDay = MethodResponse<typeof api, 'get', '/api/admin/calendars/{id}/days'>['items'][number];
export type Job = MethodResponse<typeof api, 'get', '/api/admin/jobs/{id}'>;
export type JobStatus = Job['status'];
