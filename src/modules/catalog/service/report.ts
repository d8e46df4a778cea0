import { sql } from 'drizzle-orm';
import type { Queryable } from '@/platform/db/client.js';
import { rows } from '@/platform/db/client.js';

export type CategoryReportRow = {
  categoryId: string; name: string; nameEn: string; parentId: string | null; ruleVersion: number; reviewDueOn: string;
  products: number; live: number; published: number; reclassifiedIn: number; reclassifiedOut: number; takenDown: number; rejected: number;
};

/**
 * Per-category figures for the periodic review of classification rules (MS-CAT-02): products and
 * live products now, and for the period: first publications, reclassifications into and out of the
 * category (approved versions that moved a product), takedowns and rejected versions. Sales per
 * category join this report when orders exist.
 */
export async function categoryReport(q: Queryable, period: { from: Date; to: Date }): Promise<CategoryReportRow[]> {
  const rs = await rows<Record<string, unknown>>(q, sql`
    with ev as (
      select e.action, e.detail, p.category_id
      from catalog_product_event e join catalog_product p on p.id = e.product_id
      where e.created_at >= ${period.from} and e.created_at < ${period.to}
        and e.action in ('approved', 'taken_down', 'rejected')
    )
    select c.id, c.name, c.name_en, c.parent_id, r.version as rule_version, r.review_due_on,
      (select count(*) from catalog_product p where p.category_id = c.id)::int as products,
      (select count(*) from catalog_product p where p.category_id = c.id and p.live)::int as live,
      (select count(*) from catalog_product p where p.category_id = c.id and p.published_at >= ${period.from} and p.published_at < ${period.to})::int as published,
      (select count(*) from ev where ev.action = 'approved' and ev.detail->>'categoryTo' = c.id)::int as reclassified_in,
      (select count(*) from ev where ev.action = 'approved' and ev.detail->>'categoryFrom' = c.id)::int as reclassified_out,
      (select count(*) from ev where ev.action = 'taken_down' and ev.category_id = c.id)::int as taken_down,
      (select count(*) from ev where ev.action = 'rejected' and ev.category_id = c.id)::int as rejected
    from catalog_category c left join catalog_category_rule r on r.id = c.current_rule_id
    order by c.path`);
  return rs.map((r) => ({
    categoryId: String(r.id), name: String(r.name), nameEn: String(r.name_en), parentId: (r.parent_id as string | null) ?? null,
    ruleVersion: Number(r.rule_version ?? 0), reviewDueOn: String(r.review_due_on ?? ''),
    products: Number(r.products), live: Number(r.live), published: Number(r.published), reclassifiedIn: Number(r.reclassified_in),
    reclassifiedOut: Number(r.reclassified_out), takenDown: Number(r.taken_down), rejected: Number(r.rejected),
  }));
}
