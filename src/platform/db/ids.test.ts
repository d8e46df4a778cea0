import { describe, expect, it } from 'vitest';
import { isId, newId, ulid } from './ids.js';

describe('ids', () => {
  it('makes prefix_ULID ids that isId recognises, all different', () => {
    const ids = Array.from({ length: 50_000 }, () => newId('ord'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(isId('ord', id)).toBe(true);
    expect(isId('pay', ids[0]!)).toBe(false);
  });

  it('encodes the millisecond in the first ten characters (ULID spec) and sorts ids of one millisecond in creation order', () => {
    // 1469918176385 is the spec's example time, encoded 01ARYZ6S41.
    const a = ulid(1469918176385);
    const b = ulid(1469918176385);
    const c = ulid(1469918176385);
    expect(a.slice(0, 10)).toBe('01ARYZ6S41');
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([c, a, b].sort()).toEqual([a, b, c]);
    expect(ulid(1469918176386) > c).toBe(true);
  });
});
