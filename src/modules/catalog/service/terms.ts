import { asc, eq } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { NotFound } from '@/platform/http/problem.js';
import { TermExists } from '../errors.js';
import { moderationTerm } from '../schema.js';
import { iso } from './common.js';

type TermRow = typeof moderationTerm.$inferSelect;
const out = (r: TermRow) => ({ id: r.id, term: r.term, kind: r.kind, note: r.note, createdAt: iso(r.createdAt)! });

export async function listTerms(q: Queryable) {
  return (await q.select().from(moderationTerm).orderBy(asc(moderationTerm.kind), asc(moderationTerm.term))).map(out);
}

export async function addTerm(tx: Tx, ctx: RequestContext, body: { term: string; kind: TermRow['kind']; note?: string | undefined }) {
  const [r] = await tx.insert(moderationTerm).values({ id: newId('term'), term: body.term, kind: body.kind, note: body.note ?? '', createdBy: ctx.actorId })
    .onConflictDoNothing().returning();
  if (!r) throw new TermExists(body.term);
  await recordAudit(tx, ctx, { action: 'moderation_term.added', resourceType: 'moderation_term', resourceId: r.id, changes: { term: r.term, kind: r.kind } });
  return out(r);
}

export async function removeTerm(tx: Tx, ctx: RequestContext, id: string) {
  const [r] = await tx.delete(moderationTerm).where(eq(moderationTerm.id, id)).returning();
  if (!r) throw new NotFound('Moderation term', id);
  await recordAudit(tx, ctx, { action: 'moderation_term.removed', resourceType: 'moderation_term', resourceId: id, changes: { term: r.term, kind: r.kind } });
}
