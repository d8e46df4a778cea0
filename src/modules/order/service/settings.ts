import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '@/platform/db/client.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { recordAudit } from '@/platform/audit/index.js';
import { getCalendar, getDefaultCalendar, listCalendars, requireServiceCalendar, validateServiceCalendar } from '@/platform/calendar/index.js';
import { sellerOrderSettings } from '../schema.js';

/** The service calendar of a seller's order processing (PL-ORD-03); the platform default when none is chosen. */
export async function getOrderSettings(q: Queryable, sellerId: string) {
  const [s] = await q.select().from(sellerOrderSettings).where(eq(sellerOrderSettings.sellerId, sellerId));
  const cal = s ? await getCalendar(q, s.calendarId) : await getDefaultCalendar(q);
  // The choices: calendars marked for service use that give at least 5 × 8 h a week.
  const all = (await listCalendars(q, { limit: 100 })).items;
  const calendars = all.filter((c) => c.serviceUse && validateServiceCalendar({ ...c, days: new Map() }).length === 0)
    .map((c) => ({ id: c.id, name: c.name, isDefault: c.isDefault }));
  return { calendarId: s?.calendarId ?? null, calendarName: cal.name, usesDefault: !s, calendars };
}

/** Assigns a service calendar (at least 5 × 8 h a week, marked for service use) to a seller's order processing. */
export async function setOrderSettings(tx: Tx, ctx: RequestContext, sellerId: string, calendarId: string) {
  await requireServiceCalendar(tx, calendarId);
  await tx.insert(sellerOrderSettings).values({ sellerId, calendarId, updatedBy: ctx.actorId, updatedAt: new Date() })
    .onConflictDoUpdate({ target: sellerOrderSettings.sellerId, set: { calendarId, updatedBy: ctx.actorId, updatedAt: new Date() } });
  await recordAudit(tx, ctx, { action: 'order_settings.calendar_set', resourceType: 'organisation', resourceId: sellerId, changes: { calendarId } });
  return getOrderSettings(tx, sellerId);
}
