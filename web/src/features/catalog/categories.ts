import type { StoreCategory } from './api';

export type CategoryOption = { value: string; label: string; leaf: boolean; path: string[] };

/** Every category with its full path in the UI language ("茶叶 › 绿茶" / "Tea › Green tea"), sorted by the tree's order. */
export function categoryPaths(items: StoreCategory[], lng: string): Map<string, CategoryOption> {
  const byId = new Map(items.map((c) => [c.id, c]));
  const name = (c: StoreCategory) => (lng === 'en' ? c.nameEn : c.name);
  const out = new Map<string, CategoryOption>();
  for (const c of items) {
    const path: string[] = [];
    const seen = new Set<string>();
    for (let cur: StoreCategory | undefined = c; cur && !seen.has(cur.id); cur = cur.parentId ? byId.get(cur.parentId) : undefined) {
      seen.add(cur.id);
      path.unshift(name(cur));
    }
    out.set(c.id, { value: c.id, label: path.join(' › '), leaf: c.leaf, path });
  }
  return out;
}

/** Leaf categories only (a product must go into the most specific category), in tree order. */
export function leafOptions(items: StoreCategory[], lng: string): CategoryOption[] {
  const paths = categoryPaths(items, lng);
  const order = new Map<string, string>();
  // Sort key: each level's position, so siblings keep the operator's order.
  const byId = new Map(items.map((c) => [c.id, c]));
  const key = (c: StoreCategory): string => {
    const cached = order.get(c.id);
    if (cached) return cached;
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    const k = `${parent && parent.id !== c.id ? `${key(parent)}/` : ''}${String(c.position).padStart(6, '0')}`;
    order.set(c.id, k);
    return k;
  };
  return items.filter((c) => c.leaf).sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id)).map((c) => paths.get(c.id)!);
}
