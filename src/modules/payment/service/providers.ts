import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { listOrganisations, organisationNames } from '@/modules/identity/index.js';
import { recordAudit } from '@/platform/audit/index.js';
import type { Keyring } from '@/platform/crypto/index.js';
import type { Db, Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { ContractBody, ContractOut, CreateProviderBody, CredentialsBody, ProviderOut, UpdateProviderBody } from '../contract.js';
import { ContractNumberTaken, InvalidContractPeriod, NotAPaymentOrganisation, ProviderCodeTaken, ProviderNotFound, ProviderNotOfferable,
  UnknownAdapter } from '../errors.js';
import { paymentAdapter, paymentAdapterCodes, registerPaymentAdapter, type PaymentAdapter, type ProviderCredentials } from '../ports.js';
import { createSandboxAdapter, SANDBOX_CODE } from '../sandbox/adapter.js';
import { contract, provider } from '../schema.js';
import { isUniqueViolation, shanghaiDate } from './common.js';
import { activeRulesSql, type ActiveRule } from './risk.js';

registerPaymentAdapter(SANDBOX_CODE, ({ db }) => createSandboxAdapter(db));

export type ProviderRow = typeof provider.$inferSelect;
type ContractRow = typeof contract.$inferSelect;

/** AAD of the encrypted credentials: a ciphertext cannot be moved into another field. */
const CREDENTIALS_CONTEXT = 'payment.credentials';

export function encryptCredentials(keyring: Keyring, c: CredentialsBody): string {
  return keyring.encrypt(JSON.stringify({ merchantId: c.merchantId, apiKey: c.apiKey, webhookSecret: c.webhookSecret }), CREDENTIALS_CONTEXT);
}

/** The provider's merchant credentials, decrypted for an adapter call; never put them in a response, log or audit entry. */
export function providerCredentials(keyring: Keyring, p: ProviderRow): ProviderCredentials {
  const c = JSON.parse(keyring.decrypt(p.credentialsEnc, CREDENTIALS_CONTEXT)) as ProviderCredentials;
  return Object.freeze({ merchantId: c.merchantId, apiKey: c.apiKey, webhookSecret: c.webhookSecret });
}

/** The adapter of a provider; a provider whose adapter is not installed cannot be used (UnknownAdapter). */
export function adapterFor(db: Db, code: string): PaymentAdapter {
  const a = paymentAdapter(code, { db });
  if (!a) throw new UnknownAdapter(code, paymentAdapterCodes());
  return a;
}

export async function providerById(q: Queryable, id: string): Promise<ProviderRow> {
  if (!isId('psp', id)) throw new ProviderNotFound(id);
  const [p] = await q.select().from(provider).where(eq(provider.id, id));
  if (!p) throw new ProviderNotFound(id);
  return p;
}

export async function providerByCode(q: Queryable, code: string): Promise<ProviderRow | null> {
  const [p] = await q.select().from(provider).where(eq(provider.code, code));
  return p ?? null;
}

/** Providers by id, for outputs that name the provider. */
export async function providersByIds(q: Queryable, ids: string[]): Promise<Map<string, ProviderRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rs = await q.select().from(provider).where(inArray(provider.id, unique));
  return new Map(rs.map((p) => [p.id, p]));
}

const contractOut = (c: ContractRow, today: string): ContractOut => ({
  id: c.id, providerId: c.providerId, number: c.number, parties: c.parties, validFrom: c.validFrom, validTo: c.validTo, feeBp: c.feeBp,
  settlementTerms: c.settlementTerms, refundTerms: c.refundTerms, inForce: c.validFrom <= today && today <= c.validTo,
  createdBy: c.createdBy, createdAt: c.createdAt.toISOString(),
});

async function contractsInForce(q: Queryable, providerIds: string[], date: string): Promise<Map<string, ContractRow>> {
  if (providerIds.length === 0) return new Map();
  const rs = await q.select().from(contract)
    .where(and(inArray(contract.providerId, providerIds), lte(contract.validFrom, date), gte(contract.validTo, date)))
    .orderBy(asc(contract.validTo));
  // Ascending end dates: the last one written per provider is the one running longest.
  return new Map(rs.map((c) => [c.providerId, c]));
}

function whyNotOfferable(p: ProviderRow, inForce: ContractRow | undefined): string | null {
  if (!paymentAdapterCodes().includes(p.code)) return 'no adapter is installed for it';
  if (p.status !== 'active') return 'it is suspended';
  if (p.qualification !== 'approved') return `its qualification is ${p.qualification}, not approved`;
  if (!inForce) return 'no contract with it is in force';
  return null;
}

async function toOut(q: Queryable, rows: ProviderRow[]): Promise<ProviderOut[]> {
  const today = shanghaiDate(new Date());
  const inForce = await contractsInForce(q, rows.map((p) => p.id), today);
  return rows.map((p) => {
    const c = inForce.get(p.id);
    return {
      id: p.id, code: p.code, name: p.name, orgId: p.orgId, status: p.status, qualification: p.qualification,
      adapterInstalled: paymentAdapterCodes().includes(p.code), offerable: whyNotOfferable(p, c) === null,
      currentContract: c ? contractOut(c, today) : null, credentialsSet: true as const,
      credentialsRotatedAt: p.credentialsRotatedAt?.toISOString() ?? null, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
    };
  });
}

/** Every registered payment provider by code, with whether it can be offered now. Credentials are never part of it. */
export async function listProviders(q: Queryable): Promise<ProviderOut[]> {
  return toOut(q, await q.select().from(provider).orderBy(asc(provider.code)));
}

export async function getProvider(q: Queryable, id: string): Promise<ProviderOut> {
  return (await toOut(q, [await providerById(q, id)]))[0]!;
}

async function checkPaymentOrg(q: Queryable, orgId: string | null | undefined): Promise<void> {
  if (!orgId) return;
  const org = (await organisationNames(q, [orgId])).get(orgId);
  if (!org || org.kind !== 'payment') throw new NotAPaymentOrganisation(orgId);
}

/** Registers a payment provider (PL-PAY-01) with its credentials encrypted at rest (PL-PAY-03). Audited without the credentials. */
export async function createProvider(tx: Tx, ctx: RequestContext, keyring: Keyring, input: CreateProviderBody): Promise<ProviderOut> {
  if (!paymentAdapterCodes().includes(input.code)) throw new UnknownAdapter(input.code, paymentAdapterCodes());
  await checkPaymentOrg(tx, input.orgId);
  const id = newId('psp');
  const [p] = await tx.insert(provider).values({ id, code: input.code, name: input.name, orgId: input.orgId ?? null,
    qualification: input.qualification ?? 'pending', credentialsEnc: encryptCredentials(keyring, input.credentials), credentialsRotatedAt: new Date() })
    .onConflictDoNothing().returning();
  if (!p) throw new ProviderCodeTaken(input.code);
  await recordAudit(tx, ctx, { action: 'payment.provider_created', resourceType: 'payment_provider', resourceId: id,
    changes: { code: p.code, name: p.name, orgId: p.orgId, qualification: p.qualification, credentials: 'set (encrypted)' } });
  return (await toOut(tx, [p]))[0]!;
}

/** Changes a provider's name, status (suspend / reactivate) or qualification state. Audited with before/after. */
export async function updateProvider(tx: Tx, ctx: RequestContext, id: string, input: UpdateProviderBody): Promise<ProviderOut> {
  const before = await providerById(tx, id);
  const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<ProviderRow>;
  const [after] = await tx.update(provider).set({ ...set, updatedAt: new Date() }).where(eq(provider.id, id)).returning();
  const changes = Object.fromEntries(Object.keys(set).filter((k) => before[k as keyof ProviderRow] !== after![k as keyof ProviderRow])
    .map((k) => [k, { from: before[k as keyof ProviderRow], to: after![k as keyof ProviderRow] }]));
  await recordAudit(tx, ctx, { action: 'payment.provider_updated', resourceType: 'payment_provider', resourceId: id, changes });
  return (await toOut(tx, [after!]))[0]!;
}

/** Replaces a provider's credentials (PL-PAY-03 rotation); the audit records that and when, never the values. */
export async function rotateCredentials(tx: Tx, ctx: RequestContext, keyring: Keyring, id: string, input: CredentialsBody): Promise<ProviderOut> {
  await providerById(tx, id);
  const at = new Date();
  const [after] = await tx.update(provider).set({ credentialsEnc: encryptCredentials(keyring, input), credentialsRotatedAt: at, updatedAt: at })
    .where(eq(provider.id, id)).returning();
  await recordAudit(tx, ctx, { action: 'payment.credentials_rotated', resourceType: 'payment_provider', resourceId: id,
    changes: { rotatedAt: at.toISOString() } });
  return (await toOut(tx, [after!]))[0]!;
}

/** A provider's contracts, latest end date first. */
export async function listContracts(q: Queryable, providerId: string): Promise<ContractOut[]> {
  await providerById(q, providerId);
  const today = shanghaiDate(new Date());
  const rs = await q.select().from(contract).where(eq(contract.providerId, providerId)).orderBy(desc(contract.validTo), desc(contract.id));
  return rs.map((c) => contractOut(c, today));
}

/** Records a contract with a provider (PL-PAY-01): number unique per provider, validity, fee and terms. Audited. */
export async function createContract(tx: Tx, ctx: RequestContext, providerId: string, input: ContractBody): Promise<ContractOut> {
  await providerById(tx, providerId);
  if (input.validTo < input.validFrom) throw new InvalidContractPeriod(input.validFrom, input.validTo);
  const id = newId('pctr');
  let row: ContractRow | undefined;
  try {
    [row] = await tx.transaction((sp) => sp.insert(contract).values({ id, providerId, number: input.number, parties: input.parties,
      validFrom: input.validFrom, validTo: input.validTo, feeBp: input.feeBp, settlementTerms: input.settlementTerms ?? '',
      refundTerms: input.refundTerms ?? '', createdBy: ctx.actorId }).returning());
  } catch (err) {
    if (isUniqueViolation(err)) throw new ContractNumberTaken(input.number);
    throw err;
  }
  await recordAudit(tx, ctx, { action: 'payment.contract_created', resourceType: 'payment_provider', resourceId: providerId,
    changes: { contractId: id, number: input.number, validFrom: input.validFrom, validTo: input.validTo, feeBp: input.feeBp } });
  return contractOut(row!, shanghaiDate(new Date()));
}

/**
 * The providers a consumer may pay with at `at` (default now): active, qualification approved, a
 * contract in force that day (Asia/Shanghai) and an installed adapter (PL-PAY-01).
 */
export async function offerableProviders(q: Queryable, at: Date = new Date()): Promise<Array<{ code: string; name: string }>> {
  const rs = await q.select().from(provider).where(and(eq(provider.status, 'active'), eq(provider.qualification, 'approved')))
    .orderBy(asc(provider.code));
  const inForce = await contractsInForce(q, rs.map((p) => p.id), shanghaiDate(at));
  return rs.filter((p) => whyNotOfferable(p, inForce.get(p.id)) === null).map((p) => ({ code: p.code, name: p.name }));
}

/** The provider of a code if it can take payments at `at`; ProviderNotOfferable naming why not. */
export async function requireOfferable(q: Queryable, code: string, at: Date = new Date()): Promise<ProviderRow> {
  return (await offerableWithRules(q, code, at, null)).provider;
}

/**
 * requireOfferable, and with `rulesOf` the active risk rules of that kind read in the same statement
 * (for evaluateRisk): one query for the provider, its contracts in force that day and the rules.
 */
export async function offerableWithRules(q: Queryable, code: string, at: Date, rulesOf: 'payment' | null): Promise<{ provider: ProviderRow; rules: ActiveRule[] }> {
  // Contracts in ascending end dates, as contractsInForce.
  const date = shanghaiDate(at);
  const rs = await q.select({ p: provider, c: contract, rules: rulesOf ? activeRulesSql(rulesOf) : sql<null>`null` }).from(provider)
    .leftJoin(contract, and(eq(contract.providerId, provider.id), lte(contract.validFrom, date), gte(contract.validTo, date)))
    .where(eq(provider.code, code)).orderBy(asc(contract.validTo));
  const p = rs[0]?.p;
  if (!p) throw new ProviderNotOfferable(code, 'no such provider is registered');
  const why = whyNotOfferable(p, rs[rs.length - 1]!.c ?? undefined);
  if (why) throw new ProviderNotOfferable(code, why);
  const rules = rs[0]!.rules;
  return { provider: p, rules: typeof rules === 'string' ? JSON.parse(rules) as ActiveRule[] : rules ?? [] };
}

/**
 * Demo seed (idempotent): the sandbox provider '安付支付 沙箱' run by the demo payment organisation,
 * qualification approved, with fresh random credentials and a contract valid 2026-01-01 … 2027-12-31.
 */
export async function ensureSandboxProvider(tx: Tx, ctx: RequestContext, keyring: Keyring): Promise<ProviderOut> {
  const existing = await providerByCode(tx, SANDBOX_CODE);
  if (existing) return (await toOut(tx, [existing]))[0]!;
  const orgs = (await listOrganisations(tx, { kind: 'payment', limit: 100 })).items;
  const org = orgs.find((o) => o.name === '安付支付') ?? null;
  const secret = () => randomBytes(24).toString('base64url');
  const created = await createProvider(tx, ctx, keyring, {
    code: SANDBOX_CODE, name: '安付支付 沙箱', orgId: org?.id ?? null, qualification: 'approved',
    credentials: { merchantId: `SBX${randomBytes(4).readUInt32BE(0).toString().padStart(10, '0')}`, apiKey: secret(), webhookSecret: secret() },
  });
  await createContract(tx, ctx, created.id, {
    number: 'AF-SBX-2026-001', parties: '市集平台运营中心 与 安付支付（沙箱）', validFrom: '2026-01-01', validTo: '2027-12-31', feeBp: 60,
    settlementTerms: 'T+1 结算至平台备付金账户 (T+1 settlement to the platform\'s reserve account)',
    refundTerms: '原路退回，3 个工作日内完成 (refunds via the original route within 3 working days)',
  });
  return getProvider(tx, created.id);
}
