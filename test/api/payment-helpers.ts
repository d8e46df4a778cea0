import net from 'node:net';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { jobDefinitions } from '../../src/background.js';
import { createPayment, buildSignedNotification, notificationBody, type PaymentOut, type ProviderTxn } from '../../src/modules/payment/index.js';
import { rows } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { createJobRunner } from '../../src/platform/jobs/index.js';
import type { TestApp } from '../helpers/app.js';

/** Known sandbox credentials the tests rotate to, so they can sign pay links and notifications like the provider does. */
export const CREDS = { merchantId: 'SBXTEST0001', apiKey: 'test-api-key-0123456789abcdef', webhookSecret: 'test-webhook-secret-0123456789' } as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type PaymentFixture = { admin: string; consumer: string; consumerId: string; adminId: string; sandboxId: string; seller1Org: string };

/** Signs in, finds the demo sandbox provider and rotates its credentials to CREDS through the admin API. */
export async function paymentFixture(t: TestApp): Promise<PaymentFixture> {
  const admin = await t.login('admin@shiji.test');
  const consumer = await t.login('consumer@shiji.test');
  const seller1 = await t.login('seller1@shiji.test');
  const consumerId = (await t.call('GET', '/api/auth/me', { token: consumer })).json().id as string;
  const adminId = (await t.call('GET', '/api/auth/me', { token: admin })).json().id as string;
  const seller1Org = (await t.call('GET', '/api/auth/me', { token: seller1 })).json().org.id as string;
  const providers = (await t.call('GET', '/api/admin/payment/providers', { token: admin })).json().items as Array<{ id: string; code: string }>;
  const sandboxId = providers.find((p) => p.code === 'sandbox')!.id;
  const res = await t.call('POST', `/api/admin/payment/providers/${sandboxId}/credentials`, { token: admin, body: CREDS });
  if (res.statusCode !== 200) throw new Error(`rotate credentials: ${res.statusCode} ${res.body}`);
  return { admin, consumer, consumerId, adminId, sandboxId, seller1Org };
}

let refNo = 0;
/** A payment created the way the order module creates one: createPayment inside a transaction. */
export async function newPayment(t: TestApp, accountId: string, extra: Partial<Parameters<typeof createPayment>[2]> = {}): Promise<PaymentOut> {
  refNo += 1;
  return t.platform.db.transaction((tx) => createPayment(tx, systemContext('test checkout'), {
    providerCode: 'sandbox', reference: `chk_test_${Date.now()}_${refNo}`, accountId, amount: 12_900, currency: 'CNY', subject: '龙井 250g × 1',
    expiresAt: new Date(Date.now() + 30 * 60_000), ...extra,
  }));
}

/** A provider transaction as the sandbox would report it. */
export function txnOf(kind: ProviderTxn['kind'], merchantRef: string, status: 'succeeded' | 'failed', amount: number, extra: Partial<ProviderTxn> = {}): ProviderTxn {
  return { kind, merchantRef, providerRef: newId('sbx'), amount, currency: 'CNY', status, payerMasked: kind === 'charge' ? '138****0005' : null,
    completedAt: new Date(), failureReason: status === 'failed' ? '模拟失败 simulated failure' : null, ...extra };
}

/** Posts a signed notification to the webhook like the provider does (secret and signing time can be forged or aged). */
export async function deliver(t: TestApp, txn: ProviderTxn, opts: { secret?: string; at?: Date; body?: unknown } = {}): Promise<LightMyRequestResponse> {
  const at = opts.at ?? new Date();
  const { headers, rawBody } = buildSignedNotification(opts.secret ?? CREDS.webhookSecret, opts.body ?? notificationBody(txn, at), at);
  return t.app.inject({ method: 'POST', url: '/api/webhooks/payments/sandbox', headers, payload: rawBody });
}

export const runJobs = (t: TestApp) => createJobRunner({ db: t.platform.db, pollMs: 20, ...jobDefinitions(t.platform) }).drain();

export async function count(t: TestApp, query: ReturnType<typeof sql>): Promise<number> {
  return Number((await rows<{ n: number }>(t.platform.db, query))[0]!.n);
}

export const ledgerEntries = (t: TestApp, sourceType: string, sourceId: string) =>
  count(t, sql`select count(*)::int as n from finance_entry where source_type = ${sourceType} and source_id = ${sourceId}`);

/** The pay page's form fields: the signed link's parameters plus the payer and the button pressed. */
export function payForm(url: string, action: 'pay' | 'fail', payer = '13800000005'): string {
  const q = new URL(url, 'http://x').searchParams;
  q.set('payer', payer);
  q.set('action', action);
  return q.toString();
}

export const postPayPage = (t: TestApp, form: string) =>
  t.app.inject({ method: 'POST', url: '/sandbox-pay/pay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
