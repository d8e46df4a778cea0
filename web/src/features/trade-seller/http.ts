import { ApiError } from '../../api/client';

type Query = Record<string, string | number | boolean | null | undefined>;

/**
 * A call to a trade endpoint: the JSON answer, else an ApiError carrying the problem+json (status 0
 * when the network failed), exactly like `unwrap(api.GET(...))`. Used for the trade routes while they
 * land; `headers` carries the Idempotency-Key of money-moving calls.
 */
export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string,
  opts: { query?: Query; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const url = qs.size ? `${path}?${qs}` : path;
  let res: Response;
  try {
    res = await fetch(url, {
      method, credentials: 'same-origin',
      headers: { accept: 'application/json', ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
  } catch {
    throw new ApiError(0, {});
  }
  const text = await res.text();
  let data: unknown = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, data && typeof data === 'object' ? (data as Record<string, unknown>) : {});
  return data as T;
}

/** A fresh Idempotency-Key for one user action (kept by the caller across retries of that action). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
