/**
 * Wording checks at submission (PL-CAT-03, PL-CAT-04). Prohibited terms block the submission;
 * quality claims (免检, 名牌, 驰名商标, certification or award claims…) flag it for a moderator, and a
 * flagged version cannot go on shelf until edited or cleared.
 */
export type Term = { term: string; kind: 'prohibited' | 'quality_claim' };
export type Finding = { term: string; field: string; kind: Term['kind'] };

/** The platform's starting list; operators edit it at /admin (catalog_moderation_term). */
export const DEFAULT_TERMS: Term[] = [
  ...['免检', '免检产品', '名牌产品', '中国名牌', '驰名商标', '中国驰名商标', '国家级产品', '国家免检', '质量免检', '认证产品', '获奖产品',
    '非物质文化遗产', '国家级非遗', '老字号认证', '质量信得过', '消费者信得过', 'ISO认证保证', '金奖'].map((term) => ({ term, kind: 'quality_claim' as const })),
  ...['国家级', '最高级', '最佳', '第一品牌', '全网最低价', '假一赔万', '根治', '包治百病', '祖传秘方', '高仿', '仿冒', 'A货'].map((term) => ({ term, kind: 'prohibited' as const })),
];

const norm = (s: string) => s.normalize('NFKC').toLowerCase();

/** Every term found in the given fields (field name → text). Longer terms win over terms they contain. */
export function scanText(fields: Record<string, string>, terms: Term[]): Finding[] {
  const sorted = [...terms].sort((a, b) => b.term.length - a.term.length);
  const out: Finding[] = [];
  for (const [field, raw] of Object.entries(fields)) {
    let text = norm(raw);
    for (const t of sorted) {
      const needle = norm(t.term);
      if (needle && text.includes(needle)) {
        out.push({ term: t.term, field, kind: t.kind });
        text = text.split(needle).join('\u0000');
      }
    }
  }
  return out;
}
