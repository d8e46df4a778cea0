import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify as verifyTotpToken } from 'otplib';
import type { Config } from '@/config.js';
import { recordAudit } from '@/platform/audit/index.js';
import { randomToken, type Keyring } from '@/platform/crypto/index.js';
import { rows, type Db, type Queryable, type Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { Actor, OrgKind, RequestContext } from '@/platform/http/auth.js';
import { securityEvents } from '@/platform/http/metrics.js';
import type { MeOut } from '../contract.js';
import { InvalidCredentials, InvalidTotpCode, SessionNotFound, TooManyAttempts, TotpRequired, TotpState } from '../errors.js';
import { account, accountRole, loginThrottle, organisation, role, session } from '../schema.js';
import { loadAccount, type AccountScope } from './accounts.js';
import { checkPassword, dummyPasswordHash, emailIndex, hashPassword, normaliseLogin, phoneIndex, verifyPassword } from './common.js';

export type AuthDeps = { keyring: Keyring; config: Config };

async function registerAttempt(tx: Tx, key: string, max: number, lockMinutes: number, now: Date): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - lockMinutes * 60_000);
  const lockUntil = new Date(now.getTime() + lockMinutes * 60_000);
  // One statement: count the attempt and lock at the limit, unless already locked (then no row comes back).
  const res = await rows<{ failures: number }>(tx, sql`
    insert into identity_login_throttle as t (key, failures, window_started_at, locked_until)
    values (${key}, 1, ${now}, ${max <= 1 ? lockUntil : null})
    on conflict (key) do update set
      failures = case when t.window_started_at < ${windowStart} then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < ${windowStart} then ${now} else t.window_started_at end,
      locked_until = case when (case when t.window_started_at < ${windowStart} then 1 else t.failures + 1 end) >= ${max}
        then ${lockUntil}::timestamptz else null end
    where t.locked_until is null or t.locked_until <= ${now}
    returning failures`);
  if (res.length > 0) return null;
  const [row] = await tx.select({ lockedUntil: loginThrottle.lockedUntil }).from(loginThrottle).where(eq(loginThrottle.key, key));
  return row?.lockedUntil ?? lockUntil;
}

export type LoginMeta = { ip: string | null; userAgent: string | null; requestId: string | null };
export type LoginOutcome =
  | { ok: true; token: string; sessionId: string; accountId: string; expiresAt: Date }
  | { ok: false; error: InvalidCredentials | TooManyAttempts | TotpRequired };

/**
 * Signs in with email or phone + password (+ TOTP when enabled). Every attempt is counted per login
 * identifier and per IP before the password is checked, so parallel guessing is throttled too; unknown
 * accounts and wrong passwords get the same answer and the same work. Returns an outcome instead of
 * throwing so the caller commits the failure record before answering.
 */
export async function login(db: Db, deps: AuthDeps, input: { login: string; password: string; totp?: string | undefined }, meta: LoginMeta): Promise<LoginOutcome> {
  const { keyring: k, config } = deps;
  const now = new Date();
  const norm = normaliseLogin(input.login);
  const idx = norm.kind === 'email' ? emailIndex(k, norm.value) : phoneIndex(k, norm.value);
  const ctx: RequestContext = { actorId: null, actorOrgId: null, ...meta };
  const lockedUntil = await db.transaction(async (tx) => {
    const byLogin = await registerAttempt(tx, `login:${idx}`, config.login.maxFailures, config.login.lockMinutes, now);
    const byIp = meta.ip ? await registerAttempt(tx, `ip:${meta.ip}`, config.login.ipMaxFailures, config.login.lockMinutes, now) : null;
    const until = byLogin ?? byIp;
    if (until) await recordAudit(tx, ctx, { action: 'auth.login_throttled', resourceType: 'login', changes: { login: norm.kind, ip: meta.ip } });
    return until;
  });
  if (lockedUntil) {
    securityEvents.inc({ type: 'login_throttled' });
    return { ok: false, error: new TooManyAttempts(lockedUntil) };
  }
  const [acc] = await db.select({ a: account, orgStatus: organisation.status }).from(account)
    .leftJoin(organisation, eq(organisation.id, account.orgId))
    .where(norm.kind === 'email' ? eq(account.emailIdx, idx) : eq(account.phoneIdx, idx));
  const passwordOk = await verifyPassword(acc?.a.passwordHash ?? (await dummyPasswordHash()), input.password);
  const usable = acc && passwordOk && acc.a.status === 'active' && (acc.orgStatus === null || acc.orgStatus === 'active');
  if (!usable) {
    securityEvents.inc({ type: 'login_failed' });
    await db.transaction((tx) => recordAudit(tx, ctx, { action: 'auth.login_failed', resourceType: 'account', resourceId: acc?.a.id ?? null,
      changes: { login: norm.kind === 'email' ? { email: norm.value } : { phone: norm.value } } }));
    return { ok: false, error: new InvalidCredentials() };
  }
  const a = acc.a;
  let totpStep: number | null = null;
  if (a.totpEnabled && a.totpSecretEnc) {
    if (!input.totp) return { ok: false, error: new TotpRequired() };
    totpStep = await checkTotp(k.decrypt(a.totpSecretEnc, `${a.id}:totp`), input.totp, a.totpLastStep);
    if (totpStep === null) {
      securityEvents.inc({ type: 'login_failed' });
      await db.transaction((tx) => recordAudit(tx, { ...ctx, actorId: a.id }, { action: 'auth.totp_failed', resourceType: 'account', resourceId: a.id }));
      return { ok: false, error: new InvalidCredentials() };
    }
  }
  const token = randomToken();
  const sessionId = newId('ses');
  const absolute = new Date(now.getTime() + config.session.absoluteHours * 3_600_000);
  const idle = new Date(Math.min(absolute.getTime(), now.getTime() + config.session.idleMinutes * 60_000));
  await db.transaction(async (tx) => {
    await tx.delete(loginThrottle).where(eq(loginThrottle.key, `login:${idx}`));
    // The address counted this attempt before the password was checked; a success gives it back, so
    // many people signing in from one office address are never locked out by their own sign-ins.
    if (meta.ip) {
      await tx.update(loginThrottle).set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)` })
        .where(and(eq(loginThrottle.key, `ip:${meta.ip}`), or(isNull(loginThrottle.lockedUntil), lte(loginThrottle.lockedUntil, now))));
    }
    await tx.insert(session).values({ id: sessionId, tokenHash: k.hashToken(token), accountId: a.id, createdAt: now, lastSeenAt: now,
      idleExpiresAt: idle, absoluteExpiresAt: absolute, ip: meta.ip, userAgent: meta.userAgent });
    await tx.update(account).set({ lastLoginAt: now, ...(totpStep !== null ? { totpLastStep: totpStep } : {}) }).where(eq(account.id, a.id));
    await recordAudit(tx, { ...ctx, actorId: a.id, actorOrgId: a.orgId }, { action: 'auth.login_succeeded', resourceType: 'session', resourceId: sessionId });
  });
  return { ok: true, token, sessionId, accountId: a.id, expiresAt: idle };
}

const TOTP_PERIOD = 30;
/** Verifies a TOTP code (±1 step) and refuses a step already used (replay); returns the step used. */
async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  const res = await verifyTotpToken({ secret, token: code, epochTolerance: TOTP_PERIOD });
  if (!res.valid) return null;
  const delta = (res as { delta?: number }).delta ?? 0;
  const step = Math.floor(Date.now() / 1000 / TOTP_PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

type SessionRow = { sessionId: string; accountId: string; kind: 'staff' | 'consumer'; orgId: string | null; orgKind: OrgKind | null;
  displayNameEnc: string; totpEnabled: boolean; lastSeenAt: Date; absoluteExpiresAt: Date; permissions: string[][] | string | null };

/** Permissions granted by an account's roles. */
export async function permissionsOf(q: Queryable, accountId: string): Promise<Set<string>> {
  const rs = await q.select({ permissions: role.permissions }).from(accountRole).innerJoin(role, eq(role.id, accountRole.roleId))
    .where(eq(accountRole.accountId, accountId));
  return new Set(rs.flatMap((r) => r.permissions));
}

/** The jsonb array of role permission arrays (a driver may hand jsonb over as text). */
const rolePermissions = (v: string[][] | string | null): string[][] => (v === null ? [] : typeof v === 'string' ? JSON.parse(v) as string[][] : v);

/** True when operator policy requires TOTP and this operator staff member has not enabled it yet. */
export function mustEnrollTotp(config: Config, a: { orgKind: OrgKind | null; totpEnabled: boolean }): boolean {
  return config.requireStaffTotp && a.orgKind === 'platform' && !a.totpEnabled;
}

/**
 * Resolves a session token to its actor when the session is live (not revoked, within idle and
 * absolute expiry) and the account and organisation are active; slides the idle expiry at most once a minute.
 */
export async function resolveSessionActor(db: Db, deps: AuthDeps, token: string): Promise<Actor | null> {
  if (token.length > 200) return null;
  const now = new Date();
  const [s] = await db.select({
    sessionId: session.id, accountId: account.id, kind: account.kind, orgId: account.orgId, orgKind: organisation.kind,
    displayNameEnc: account.displayNameEnc, totpEnabled: account.totpEnabled, lastSeenAt: session.lastSeenAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
    // The permissions of the account's roles in the same statement (what permissionsOf reads): one round trip per request.
    permissions: sql<string[][] | null>`(select jsonb_agg(${role.permissions}) from ${accountRole} inner join ${role} on ${role.id} = ${accountRole.roleId}
      where ${accountRole.accountId} = ${account.id})`,
  }).from(session).innerJoin(account, eq(account.id, session.accountId)).leftJoin(organisation, eq(organisation.id, account.orgId))
    .where(and(eq(session.tokenHash, deps.keyring.hashToken(token)), isNull(session.revokedAt), gt(session.idleExpiresAt, now),
      gt(session.absoluteExpiresAt, now), eq(account.status, 'active'), or(isNull(account.orgId), eq(organisation.status, 'active')))) as SessionRow[];
  if (!s) return null;
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    const idle = new Date(Math.min(s.absoluteExpiresAt.getTime(), now.getTime() + deps.config.session.idleMinutes * 60_000));
    await db.update(session).set({ lastSeenAt: now, idleExpiresAt: idle }).where(eq(session.id, s.sessionId));
  }
  const permissions = mustEnrollTotp(deps.config, s) ? new Set<string>() : new Set(rolePermissions(s.permissions).flat());
  return Object.freeze({
    accountId: s.accountId, sessionId: s.sessionId, kind: s.kind, orgId: s.orgId, orgKind: s.orgKind,
    displayName: deps.keyring.decrypt(s.displayNameEnc, `${s.accountId}:displayName`), permissions,
  });
}

/** The signed-in account as it sees itself (unmasked, with permissions). */
export async function me(q: Queryable, deps: AuthDeps, actor: Actor): Promise<MeOut> {
  const scope: AccountScope = { kind: 'operator' };
  const acc = await loadAccount(q, deps.keyring, actor.accountId, scope, true);
  return { ...acc, permissions: [...actor.permissions].sort(), mustEnrollTotp: mustEnrollTotp(deps.config, { orgKind: actor.orgKind, totpEnabled: acc.totpEnabled }) };
}

/** Ends one session (logout), audited. */
export async function revokeSession(tx: Tx, ctx: RequestContext, sessionId: string, ownerAccountId: string | null): Promise<void> {
  const res = await tx.update(session).set({ revokedAt: new Date(), revokedBy: ctx.actorId })
    .where(and(eq(session.id, sessionId), isNull(session.revokedAt), ownerAccountId ? eq(session.accountId, ownerAccountId) : undefined))
    .returning({ accountId: session.accountId });
  if (res.length === 0) throw new SessionNotFound(sessionId);
  await recordAudit(tx, ctx, { action: 'auth.session_revoked', resourceType: 'session', resourceId: sessionId, changes: { accountId: res[0]!.accountId } });
}

/** Ends every live session of an account except `keep`, audited; returns how many ended. */
export async function revokeAllSessions(tx: Tx, ctx: RequestContext, accountId: string, keep?: string): Promise<number> {
  const res = await tx.update(session).set({ revokedAt: new Date(), revokedBy: ctx.actorId })
    .where(and(eq(session.accountId, accountId), isNull(session.revokedAt), keep ? sql`${session.id} <> ${keep}` : undefined))
    .returning({ id: session.id });
  await recordAudit(tx, ctx, { action: 'auth.sessions_revoked', resourceType: 'account', resourceId: accountId, changes: { count: res.length } });
  return res.length;
}

/** Live sessions of an account, newest first. */
export async function listSessions(q: Queryable, accountId: string, currentSessionId: string | null) {
  const now = new Date();
  const rs = await q.select().from(session).where(and(eq(session.accountId, accountId), isNull(session.revokedAt),
    gt(session.idleExpiresAt, now), gt(session.absoluteExpiresAt, now))).orderBy(desc(session.createdAt)).limit(100);
  return rs.map((s) => ({ id: s.id, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.idleExpiresAt.toISOString(), ip: s.ip, userAgent: s.userAgent, current: s.id === currentSessionId }));
}

/** Changes the caller's password after checking the current one; other sessions end. */
export async function changePassword(tx: Tx, ctx: RequestContext, deps: AuthDeps, actor: Actor, current: string, next: string): Promise<void> {
  const [a] = await tx.select().from(account).where(eq(account.id, actor.accountId)).for('update');
  if (!a || !(await verifyPassword(a.passwordHash, current))) throw new InvalidCredentials();
  const email = a.emailEnc ? deps.keyring.decrypt(a.emailEnc, `${a.id}:email`) : '';
  checkPassword(next, [email.split('@')[0] ?? '', actor.displayName]);
  await tx.update(account).set({ passwordHash: await hashPassword(next), passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(account.id, a.id));
  await recordAudit(tx, ctx, { action: 'auth.password_changed', resourceType: 'account', resourceId: a.id });
  await revokeAllSessions(tx, ctx, a.id, actor.sessionId);
}

export async function updateOwnName(tx: Tx, ctx: RequestContext, deps: AuthDeps, actor: Actor, displayName: string): Promise<void> {
  await tx.update(account).set({ displayNameEnc: deps.keyring.encrypt(displayName, `${actor.accountId}:displayName`), updatedAt: new Date() })
    .where(eq(account.id, actor.accountId));
  await recordAudit(tx, ctx, { action: 'account.updated', resourceType: 'account', resourceId: actor.accountId, changes: { displayName } });
}

/** Starts TOTP enrolment: stores a new secret (encrypted, not yet active) and returns it for the authenticator app. */
export async function setupTotp(tx: Tx, ctx: RequestContext, deps: AuthDeps, actor: Actor): Promise<{ secret: string; otpauthUrl: string }> {
  const [a] = await tx.select().from(account).where(eq(account.id, actor.accountId)).for('update');
  if (!a) throw new InvalidCredentials();
  if (a.totpEnabled) throw new TotpState('Two-step verification is already on. Turn it off first to set up a new device.');
  const secret = generateSecret();
  await tx.update(account).set({ totpSecretEnc: deps.keyring.encrypt(secret, `${a.id}:totp`), totpLastStep: null }).where(eq(account.id, a.id));
  await recordAudit(tx, ctx, { action: 'auth.totp_setup_started', resourceType: 'account', resourceId: a.id });
  const label = a.emailEnc ? deps.keyring.decrypt(a.emailEnc, `${a.id}:email`) : actor.displayName;
  return { secret, otpauthUrl: generateURI({ issuer: 'Shiji 市集', label, secret }) };
}

/** Turns TOTP on after the user proves the authenticator produces valid codes. */
export async function enableTotp(tx: Tx, ctx: RequestContext, deps: AuthDeps, actor: Actor, code: string): Promise<void> {
  const [a] = await tx.select().from(account).where(eq(account.id, actor.accountId)).for('update');
  if (!a?.totpSecretEnc) throw new TotpState('Start the set-up first: no authenticator secret has been issued.');
  if (a.totpEnabled) throw new TotpState('Two-step verification is already on.');
  const step = await checkTotp(deps.keyring.decrypt(a.totpSecretEnc, `${a.id}:totp`), code, a.totpLastStep);
  if (step === null) throw new InvalidTotpCode();
  await tx.update(account).set({ totpEnabled: true, totpLastStep: step, updatedAt: new Date() }).where(eq(account.id, a.id));
  await recordAudit(tx, ctx, { action: 'auth.totp_enabled', resourceType: 'account', resourceId: a.id });
}

/** Turns TOTP off; needs the password and a current code. */
export async function disableTotp(tx: Tx, ctx: RequestContext, deps: AuthDeps, actor: Actor, password: string, code: string): Promise<void> {
  const [a] = await tx.select().from(account).where(eq(account.id, actor.accountId)).for('update');
  if (!a?.totpEnabled || !a.totpSecretEnc) throw new TotpState('Two-step verification is not on.');
  if (!(await verifyPassword(a.passwordHash, password))) throw new InvalidCredentials();
  if ((await checkTotp(deps.keyring.decrypt(a.totpSecretEnc, `${a.id}:totp`), code, a.totpLastStep)) === null) throw new InvalidTotpCode();
  await tx.update(account).set({ totpEnabled: false, totpSecretEnc: null, totpLastStep: null, updatedAt: new Date() }).where(eq(account.id, a.id));
  await recordAudit(tx, ctx, { action: 'auth.totp_disabled', resourceType: 'account', resourceId: a.id });
}

/** Removes expired sessions and stale throttle rows (housekeeping job). */
export async function purgeExpiredSessions(q: Queryable, olderThanDays = 30): Promise<void> {
  const cutoff = new Date(Date.now() - olderThanDays * 86_400_000);
  await q.delete(session).where(or(lte(session.absoluteExpiresAt, cutoff), lte(session.revokedAt, cutoff)));
  await q.delete(loginThrottle).where(and(lte(loginThrottle.windowStartedAt, cutoff)));
}
