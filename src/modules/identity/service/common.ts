import { hash, verify } from '@node-rs/argon2';
import type { Keyring } from '@/platform/crypto/index.js';
import { maskEmail, maskPhone } from '@/platform/crypto/index.js';
import { WeakPassword } from '../errors.js';

/** Normalised login identifiers: emails lower-cased, phones in E.164 (mainland numbers get +86). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  if (/^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`;
  return digits.startsWith('+') ? digits : `+${digits}`;
}
export function loginKind(login: string): 'email' | 'phone' {
  return login.includes('@') ? 'email' : 'phone';
}
export function normaliseLogin(login: string): { kind: 'email' | 'phone'; value: string } {
  const kind = loginKind(login);
  return { kind, value: kind === 'email' ? normaliseEmail(login) : normalisePhone(login) };
}

export const emailIndex = (k: Keyring, email: string) => k.blindIndex(normaliseEmail(email), 'account.email');
export const phoneIndex = (k: Keyring, phone: string) => k.blindIndex(normalisePhone(phone), 'account.phone');

const COMMON = new Set(['password', 'password1', '12345678', '123456789', '1234567890', 'qwertyui', 'qwerty123',
  '11111111', '88888888', '00000000', 'iloveyou', 'abc12345', 'a1234567', 'admin123', 'woaini1314', 'shiji123']);

/** Password rules: length is checked by the schema; here, guessable choices are refused. */
export function checkPassword(password: string, personal: string[]): void {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) throw new WeakPassword('This password is too common: choose one that is harder to guess.');
  if (new Set(password).size < 4) throw new WeakPassword('This password repeats too few characters: use at least 4 different ones.');
  for (const p of personal) {
    if (p && p.length >= 4 && lower.includes(p.toLowerCase())) {
      throw new WeakPassword('The password must not contain your email address, phone number or name.');
    }
  }
}

/** argon2id with the library's defaults (19 MiB, t=2), salted per hash. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try { return await verify(passwordHash, password); } catch { return false; }
}
// Verified against when the account does not exist, so timing does not reveal which logins exist.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('shiji-no-such-account-placeholder');
  return dummyHash;
}

export function decryptOrNull(k: Keyring, value: string | null, context: string): string | null {
  return value === null ? null : k.decrypt(value, context);
}

export { maskEmail, maskPhone };
