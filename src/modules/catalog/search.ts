/**
 * Search tokens that work for Chinese without a dictionary or a database extension: every CJK run
 * contributes its single characters and character bigrams, every Latin/digit word itself and its
 * prefixes (2+ characters). A query matches when the product's tokens contain all of the query's
 * tokens, which a GIN index on a text[] column answers directly (`tokens @> query`): "绿茶" finds
 * "西湖龙井绿茶", "iph" finds "iPhone".
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}]/u;

function runs(text: string): Array<{ cjk: boolean; text: string }> {
  const out: Array<{ cjk: boolean; text: string }> = [];
  let cur = '';
  let curCjk = false;
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    const cjk = CJK.test(ch);
    const word = cjk || WORD.test(ch);
    if (!word) {
      if (cur) out.push({ cjk: curCjk, text: cur });
      cur = '';
      continue;
    }
    if (cur && cjk !== curCjk) {
      out.push({ cjk: curCjk, text: cur });
      cur = '';
    }
    cur += ch;
    curCjk = cjk;
  }
  if (cur) out.push({ cjk: curCjk, text: cur });
  return out;
}

const MAX_PREFIX = 24;

/** Tokens stored for a product's searchable text. */
export function indexTokens(...texts: string[]): string[] {
  const set = new Set<string>();
  for (const t of texts) {
    for (const r of runs(t)) {
      const chars = [...r.text];
      if (r.cjk) {
        chars.forEach((c, i) => {
          set.add(c);
          if (i + 1 < chars.length) set.add(c + chars[i + 1]);
        });
      } else {
        const upto = Math.min(chars.length, MAX_PREFIX);
        for (let n = Math.min(2, chars.length); n <= upto; n += 1) set.add(chars.slice(0, n).join(''));
      }
    }
  }
  return [...set].sort();
}

/** Tokens a query must all match; empty when the query has nothing searchable. */
export function queryTokens(query: string): string[] {
  const set = new Set<string>();
  for (const r of runs(query)) {
    const chars = [...r.text];
    if (r.cjk) {
      if (chars.length === 1) set.add(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i += 1) set.add(chars[i]! + chars[i + 1]!);
    } else {
      set.add(chars.slice(0, MAX_PREFIX).join(''));
    }
  }
  return [...set].sort();
}

/** Every single CJK character of the query plus its Latin words: the looser match when the phrase finds nothing. */
export function queryCharTokens(query: string): string[] {
  const set = new Set<string>();
  for (const r of runs(query)) {
    if (r.cjk) for (const c of r.text) set.add(c);
    else set.add([...r.text].slice(0, MAX_PREFIX).join(''));
  }
  return [...set].sort();
}
