import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Field-level encryption for personal data (PL-SEC-03): AES-256-GCM with a key id in every ciphertext,
 * so keys can rotate (old keys still decrypt, new writes use the active key), and an HMAC blind index
 * for exact look-ups (phone, email) that does not change when the encryption key rotates.
 */
export interface Keyring {
  readonly activeKeyId: string;
  encrypt(plaintext: string, context?: string): string;
  decrypt(ciphertext: string, context?: string): string;
  /** Deterministic keyed hash for equality look-ups; normalise the input before calling. */
  blindIndex(value: string, purpose: string): string;
  /** Hash of a secret token (session tokens): not reversible, constant-time comparable. */
  hashToken(token: string): string;
  knows(keyId: string): boolean;
}

export class KeyError extends Error {}

const PREFIX = 'enc1';

function parseKey(text: string, what: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (buf.length !== 32) throw new KeyError(`${what} must be 32 bytes, as 64 hex digits or base64`);
  return buf;
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('shiji-key-id').update(key).digest('hex').slice(0, 10);
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}

export function createKeyring(args: { active: Buffer; retired?: Buffer[]; indexRoot: Buffer }): Keyring {
  const keys = new Map<string, Buffer>();
  for (const k of [args.active, ...(args.retired ?? [])]) keys.set(keyIdOf(k), derive(k, 'shiji field encryption v1'));
  const activeKeyId = keyIdOf(args.active);
  const indexKey = derive(args.indexRoot, 'shiji blind index v1');
  const tokenKey = derive(args.indexRoot, 'shiji token hash v1');
  return {
    activeKeyId,
    knows: (id) => keys.has(id),
    encrypt(plaintext, context = '') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.get(activeKeyId)!, iv);
      cipher.setAAD(Buffer.from(context));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [PREFIX, activeKeyId, iv.toString('base64url'), Buffer.concat([ct, cipher.getAuthTag()]).toString('base64url')].join(':');
    },
    decrypt(ciphertext, context = '') {
      const [prefix, kid, ivText, body] = ciphertext.split(':');
      if (prefix !== PREFIX || !kid || !ivText || !body) throw new KeyError('not a Shiji ciphertext');
      const key = keys.get(kid);
      if (!key) throw new KeyError(`ciphertext uses key ${kid}, which is not in the keyring (set SHIJI_RETIRED_KEYS)`);
      const data = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
    },
    blindIndex(value, purpose) {
      return createHmac('sha256', indexKey).update(`${purpose}\u0000${value}`).digest('base64url');
    },
    hashToken(token) {
      return createHmac('sha256', tokenKey).update(token).digest('base64url');
    },
  };
}

type KeyFile = { version: 1; active: string; keys: Record<string, string>; index: string };

/**
 * Loads the keyring: from SHIJI_MASTER_KEY (plus SHIJI_RETIRED_KEYS, SHIJI_INDEX_KEY) when set, else from
 * `<dataDir>/keys.json`, created on first start with mode 0600. The key never lives in the database.
 */
export function loadKeyring(opts: { masterKey?: string | undefined; retiredKeys?: string[]; indexKey?: string | undefined; dataDir: string }): Keyring {
  if (opts.masterKey) {
    const active = parseKey(opts.masterKey, 'SHIJI_MASTER_KEY');
    return createKeyring({
      active,
      retired: (opts.retiredKeys ?? []).map((k) => parseKey(k, 'SHIJI_RETIRED_KEYS entry')),
      indexRoot: opts.indexKey ? parseKey(opts.indexKey, 'SHIJI_INDEX_KEY') : active,
    });
  }
  const file = path.join(opts.dataDir, 'keys.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const key = randomBytes(32);
    const content: KeyFile = { version: 1, active: keyIdOf(key), keys: { [keyIdOf(key)]: key.toString('base64') },
      index: randomBytes(32).toString('base64') };
    // 'wx' fails if another process created it meanwhile; then we read theirs.
    try {
      fs.writeFileSync(file, JSON.stringify(content, null, 2), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const stat = fs.statSync(file);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new KeyError(`${file} is readable by other users; run: chmod 600 ${file}`);
  }
  const kf = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  const activeText = kf.keys[kf.active];
  if (!activeText) throw new KeyError(`${file}: active key ${kf.active} is missing`);
  return createKeyring({
    active: parseKey(activeText, `${file} active key`),
    retired: Object.entries(kf.keys).filter(([id]) => id !== kf.active).map(([id, k]) => parseKey(k, `${file} key ${id}`)),
    indexRoot: parseKey(kf.index, `${file} index key`),
  });
}

/** Adds a new active key to the key file; old keys stay for decryption. Returns the new key id. */
export function rotateKeyFile(dataDir: string): string {
  const file = path.join(dataDir, 'keys.json');
  const kf = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  const key = randomBytes(32);
  const id = keyIdOf(key);
  kf.keys[id] = key.toString('base64');
  kf.active = id;
  fs.writeFileSync(file, JSON.stringify(kf, null, 2), { mode: 0o600 });
  return id;
}

/** Constant-time string equality for secrets. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A random opaque token (session tokens, one-time codes). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
