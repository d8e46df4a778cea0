import { and, desc, eq, gte, lt, or, sql } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Keyring } from '@/platform/crypto/index.js';
import type { Db, Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { MAX_AMOUNT, type RequestTransferInput, type TransferOut } from '../contract.js';
import { InvalidPayment, ProviderNotOfferable, TransferNotFound, TransferReferenceTaken } from '../errors.js';
import { transfer } from '../schema.js';
import { creationDetail, exactTime, maskAccountText, recordEvent } from './common.js';
import { transfersOut, type TransferRow } from './outputs.js';
import type { Cursor } from './payments.js';
import { adapterFor, offerableProviders, providerById, providerCredentials, requireOfferable } from './providers.js';
import { queueTransferExecution } from './risk.js';
import { applyTransferResult } from './settle.js';

/**
 * Requests a transfer (payout) to a platform user's account through a provider (PL-FIN-03,
 * PL-PAY-04); `reference` = the payout id. Idempotent on the reference (TransferReferenceTaken when
 * the details differ). The payee is stored masked only (PL-PAY-08). Without `providerCode` the first
 * offerable provider pays. The provider call runs as a job after commit. Audited.
 */
export async function requestTransfer(tx: Tx, ctx: RequestContext, input: RequestTransferInput): Promise<TransferOut> {
  if (!Number.isSafeInteger(input.amount) || input.amount < 1 || input.amount > MAX_AMOUNT) {
    throw new InvalidPayment(`A transfer amount must be a whole number of fen from 1 to ${MAX_AMOUNT}; got ${input.amount}.`, { amount: input.amount });
  }
  if (!input.reference || input.reference.length > 64) throw new InvalidPayment('A transfer reference must be 1–64 characters.');
  const payee = input.payee.trim();
  if (!payee || payee.length > 100) throw new InvalidPayment('Name the payee account (1–100 characters).');
  const memo = input.memo.trim().slice(0, 200);
  const payeeMasked = maskAccountText(payee);
  const code = input.providerCode ?? (await offerableProviders(tx))[0]?.code;
  if (!code) throw new ProviderNotOfferable('(any)', 'no payment provider can pay out now');
  const prov = await requireOfferable(tx, code);
  const [t] = await tx.insert(transfer).values({ id: newId('trf'), providerId: prov.id, reference: input.reference, orgId: input.orgId, amount: input.amount,
    currency: 'CNY', payeeMasked, status: 'pending' }).onConflictDoNothing().returning();
  if (!t) {
    const [seen] = await tx.select().from(transfer).where(eq(transfer.reference, input.reference));
    if (!seen || seen.orgId !== input.orgId || seen.amount !== input.amount || seen.payeeMasked !== payeeMasked) {
      throw new TransferReferenceTaken(input.reference, seen?.id ?? '?');
    }
    return (await transfersOut(tx, [seen]))[0]!;
  }
  await recordEvent(tx, { subjectType: 'transfer', subjectId: t.id, from: null, to: 'pending', source: 'platform', detail: { memo }, actorId: ctx.actorId });
  await queueTransferExecution(tx, t.id);
  await recordAudit(tx, ctx, { action: 'payment.transfer_requested', resourceType: 'payment_transfer', resourceId: t.id,
    changes: { reference: t.reference, orgId: t.orgId, amount: t.amount, payeeMasked, provider: prov.code, memo } });
  return (await transfersOut(tx, [t]))[0]!;
}

export async function getTransfer(q: Queryable, id: string, orgId?: string): Promise<TransferOut> {
  if (!isId('trf', id)) throw new TransferNotFound(id);
  const [t] = await q.select().from(transfer).where(and(eq(transfer.id, id), orgId ? eq(transfer.orgId, orgId) : undefined));
  if (!t) throw new TransferNotFound(id);
  return (await transfersOut(q, [t]))[0]!;
}

/** The transfer of a payout (reference), or null. */
export async function getTransferByReference(q: Queryable, reference: string): Promise<TransferOut | null> {
  const [t] = await q.select().from(transfer).where(eq(transfer.reference, reference));
  return t ? (await transfersOut(q, [t]))[0]! : null;
}

/** Transfers newest first, filtered; `orgId` scopes them to one platform user (seller view). */
export async function listTransfers(q: Queryable, f: { status?: TransferRow['status'] | undefined; orgId?: string | undefined; reference?: string | undefined;
  from?: Date | undefined; to?: Date | undefined; limit: number; before?: Cursor | undefined }) {
  const conds = [f.status ? eq(transfer.status, f.status) : undefined, f.orgId ? eq(transfer.orgId, f.orgId) : undefined,
    f.reference ? eq(transfer.reference, f.reference) : undefined, f.from ? gte(transfer.createdAt, f.from) : undefined, f.to ? lt(transfer.createdAt, f.to) : undefined];
  if (f.before) {
    const at = f.before.createdAt;
    conds.push(or(sql`${transfer.createdAt} < ${at}::timestamptz`, and(sql`${transfer.createdAt} = ${at}::timestamptz`, lt(transfer.id, f.before.id))));
  }
  const rs = await q.select({ t: transfer, at: exactTime(transfer.createdAt) }).from(transfer).where(and(...conds))
    .orderBy(desc(transfer.createdAt), desc(transfer.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await transfersOut(q, pageRows.map((x) => x.t)), next: rs.length > f.limit && last ? { createdAt: last.at, id: last.t.id } : null };
}

/**
 * Sends a pending transfer to its provider (job `payment.execute_transfer`, outside any transaction;
 * idempotent at the provider on the transfer id) and applies an immediate result.
 */
export async function executeTransfer(db: Db, keyring: Keyring, transferId: string): Promise<void> {
  const [t] = await db.select().from(transfer).where(eq(transfer.id, transferId));
  if (!t || t.status !== 'pending') return;
  const prov = await providerById(db, t.providerId);
  const memo = (await creationDetail(db, t.id)).memo;
  const res = await adapterFor(db, prov.code).transfer({ transferId: t.id, payee: t.payeeMasked, amount: t.amount, currency: t.currency,
    memo: typeof memo === 'string' ? memo : '' }, providerCredentials(keyring, prov));
  await db.transaction(async (tx) => {
    if (res.providerRef) {
      await tx.update(transfer).set({ providerRef: res.providerRef, updatedAt: new Date() })
        .where(and(eq(transfer.id, t.id), eq(transfer.status, 'pending'), sql`${transfer.providerRef} is null`));
    }
    if (res.status !== 'pending') {
      await applyTransferResult(tx, prov, { kind: 'transfer', merchantRef: t.id, providerRef: res.providerRef ?? '', amount: t.amount, currency: t.currency,
        status: res.status, payerMasked: null, completedAt: new Date(), failureReason: res.failureReason }, 'platform');
    }
  });
}
