import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexTokens, queryTokens } from './search.js';
import { DEFAULT_TERMS, scanText } from './moderation.js';

const matches = (title: string, q: string) => {
  const idx = new Set(indexTokens(title));
  const qt = queryTokens(q);
  return qt.length > 0 && qt.every((t) => idx.has(t));
};

describe('search tokens (PL-CAT-01 keyword search in Chinese)', () => {
  it('finds Chinese words inside longer titles', () => {
    expect(matches('西湖龙井绿茶 明前特级 250g', '绿茶')).toBe(true);
    expect(matches('西湖龙井绿茶 明前特级 250g', '龙井')).toBe(true);
    expect(matches('西湖龙井绿茶 明前特级 250g', '茶')).toBe(true);
    expect(matches('西湖龙井绿茶 明前特级 250g', '西湖 绿茶')).toBe(true);
    expect(matches('西湖龙井绿茶 明前特级 250g', '特级绿茶')).toBe(false);
    expect(matches('西湖龙井绿茶 明前特级 250g', '红茶')).toBe(false);
  });
  it('finds Latin words by prefix, case- and width-insensitively', () => {
    expect(matches('Apple iPhone 15 手机', 'iph')).toBe(true);
    expect(matches('Apple iPhone 15 手机', 'ＩＰＨＯＮＥ')).toBe(true);
    expect(matches('Apple iPhone 15 手机', 'phone')).toBe(false);
    expect(matches('华为Mate60手机', 'mate60')).toBe(true);
  });
  it('has no tokens for a query of punctuation only', () => {
    expect(queryTokens('  ，。!! ')).toEqual([]);
  });
  it('every substring of a CJK title (2+ chars) is found (property)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...'西湖龙井绿茶红乌龙普洱白毫银针'.split('')), { minLength: 2, maxLength: 12 }), fc.nat(), fc.nat(),
      (chars, a, b) => {
        const title = chars.join('');
        const i = a % (chars.length - 1);
        const j = i + 2 + (b % (chars.length - i - 1));
        return matches(title, chars.slice(i, j).join(''));
      }));
  });
});

describe('moderation wording (PL-CAT-04)', () => {
  it('flags quality claims and prohibited terms with the field they are in', () => {
    const f = scanText({ title: '中国驰名商标 免检绿茶', description: '全网最低价' }, DEFAULT_TERMS);
    expect(f).toEqual(expect.arrayContaining([
      { term: '中国驰名商标', field: 'title', kind: 'quality_claim' },
      { term: '免检', field: 'title', kind: 'quality_claim' },
      { term: '全网最低价', field: 'description', kind: 'prohibited' },
    ]));
    expect(f.find((x) => x.term === '驰名商标')).toBeUndefined();
    expect(scanText({ title: '西湖龙井' }, DEFAULT_TERMS)).toEqual([]);
  });
});
