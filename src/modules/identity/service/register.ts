import { recordAudit } from '@/platform/audit/index.js';
import type { Keyring } from '@/platform/crypto/index.js';
import type { Tx } from '@/platform/db/client.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { RegisterBody } from '../contract.js';
import { insertAccount } from './accounts.js';

/** Consumer self-registration (PL-PRV-01): an individual or organisation member account, audited. */
export async function registerConsumer(tx: Tx, ctx: RequestContext, k: Keyring, input: RegisterBody): Promise<string> {
  const id = await insertAccount(tx, k, { kind: 'consumer', orgId: null, entityType: input.entityType, email: input.email,
    phone: input.phone, displayName: input.displayName, password: input.password });
  await recordAudit(tx, { ...ctx, actorId: id }, { action: 'consumer.registered', resourceType: 'account', resourceId: id,
    changes: { email: input.email, phone: input.phone, entityType: input.entityType } });
  return id;
}
