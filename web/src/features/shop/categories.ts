import type { CategoryFilter, StoreCategory } from './api';

/** A category's name in the UI language (names are data: Chinese, with an English name kept beside it). */
export const categoryName = (c: { name: string; nameEn: string }, lng: string) => (lng === 'en' ? c.nameEn : c.name);

export type CategoryIndex = {
  byId: Map<string, StoreCategory>;
  /** Children in shop order (position, then name); null → the top level. */
  children: (id: string | null) => StoreCategory[];
  /** From the top-level category down to this one (empty for an unknown id). */
  path: (id: string) => StoreCategory[];
  /** Filterable attributes: the category's own, else those its sub-categories share (merged by key, options united). */
  filters: (id: string) => CategoryFilter[];
};

/** Turns the flat category list of the API into a tree to walk. */
export function indexCategories(cats: StoreCategory[]): CategoryIndex {
  const byId = new Map(cats.map((c) => [c.id, c]));
  const kids = new Map<string | null, StoreCategory[]>();
  for (const c of cats) {
    const parent = c.parentId !== null && byId.has(c.parentId) ? c.parentId : null;
    kids.set(parent, [...(kids.get(parent) ?? []), c]);
  }
  for (const list of kids.values()) list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'zh-CN'));
  const children = (id: string | null) => kids.get(id) ?? [];
  const path = (id: string) => {
    const out: StoreCategory[] = [];
    for (let c = byId.get(id); c && out.length < 20; c = c.parentId ? byId.get(c.parentId) : undefined) out.unshift(c);
    return out;
  };
  const filters = (id: string): CategoryFilter[] => {
    const own = byId.get(id)?.filters ?? [];
    if (own.length) return own;
    const merged = new Map<string, CategoryFilter>();
    const walk = (cid: string) => {
      for (const child of children(cid)) {
        for (const f of child.filters) {
          const seen = merged.get(f.key);
          merged.set(f.key, seen ? { ...seen, options: [...new Set([...seen.options, ...f.options])] } : f);
        }
        walk(child.id);
      }
    };
    walk(id);
    return [...merged.values()];
  };
  return { byId, children, path, filters };
}
