import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../web/src/lib/money.js';

describe('formatMoney (integer fen → display)', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(formatMoney(12900)).toBe('¥129.00');
    expect(formatMoney(5)).toBe('¥0.05');
    expect(formatMoney(0)).toBe('¥0.00');
    expect(formatMoney({ amount: 99, currency: 'CNY' })).toBe('¥0.99');
  });
  it('groups thousands and keeps the sign in front', () => {
    expect(formatMoney(123456789)).toBe('¥1,234,567.89');
    expect(formatMoney(-12900)).toBe('-¥129.00');
    expect(formatMoney(12900, 'en-US')).toBe('¥129.00');
  });
  it('refuses fractional fen', () => {
    expect(() => formatMoney(12.5)).toThrow(RangeError);
  });
});
