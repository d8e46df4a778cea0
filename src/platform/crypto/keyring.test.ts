import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyring, KeyError, loadKeyring, rotateKeyFile } from './keyring.js';

describe('field encryption keyring', () => {
  const k = createKeyring({ active: Buffer.alloc(32, 1), indexRoot: Buffer.alloc(32, 2) });

  it('round-trips, names its key and never repeats a ciphertext', () => {
    const a = k.encrypt('13800138000', 'acc_1:phone');
    const b = k.encrypt('13800138000', 'acc_1:phone');
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).toBe(k.activeKeyId);
    expect(k.decrypt(a, 'acc_1:phone')).toBe('13800138000');
  });

  it('refuses a tampered ciphertext or one moved to another row', () => {
    const c = k.encrypt('上海市浦东新区', 'acc_1:address');
    const parts = c.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    parts[3] = body.toString('base64url');
    expect(() => k.decrypt(parts.join(':'), 'acc_1:address')).toThrow();
    expect(() => k.decrypt(c, 'acc_2:address')).toThrow();
  });

  it('keeps decrypting after rotation and keeps blind indexes stable', () => {
    const rotated = createKeyring({ active: Buffer.alloc(32, 3), retired: [Buffer.alloc(32, 1)], indexRoot: Buffer.alloc(32, 2) });
    const old = k.encrypt('a@b.c', 'x');
    expect(rotated.decrypt(old, 'x')).toBe('a@b.c');
    expect(rotated.encrypt('a@b.c', 'x').split(':')[1]).toBe(rotated.activeKeyId);
    expect(rotated.blindIndex('a@b.c', 'email')).toBe(k.blindIndex('a@b.c', 'email'));
    const unknown = createKeyring({ active: Buffer.alloc(32, 4), indexRoot: Buffer.alloc(32, 2) });
    expect(() => unknown.decrypt(old, 'x')).toThrow(KeyError);
  });

  it('creates a 0600 key file on first start, reuses it, and rotates it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiji-keys-'));
    const first = loadKeyring({ dataDir: dir });
    expect(fs.statSync(path.join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
    const c = first.encrypt('secret', 'ctx');
    const again = loadKeyring({ dataDir: dir });
    expect(again.activeKeyId).toBe(first.activeKeyId);
    const newId = rotateKeyFile(dir);
    const after = loadKeyring({ dataDir: dir });
    expect(after.activeKeyId).toBe(newId);
    expect(after.decrypt(c, 'ctx')).toBe('secret');
    expect(after.blindIndex('v', 'p')).toBe(first.blindIndex('v', 'p'));
    fs.chmodSync(path.join(dir, 'keys.json'), 0o644);
    expect(() => loadKeyring({ dataDir: dir })).toThrow(/chmod 600/);
  });

  it('rejects a master key of the wrong size', () => {
    expect(() => loadKeyring({ dataDir: '/nonexistent', masterKey: 'abcd' })).toThrow(/SHIJI_MASTER_KEY must be 32 bytes/);
  });
});
