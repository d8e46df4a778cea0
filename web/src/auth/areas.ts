import type { Me } from '../api/client';

/** The four areas of issue 3 plus the payment provider's small portal (same screens as the other org portals). */
export type Area = 'store' | 'admin' | 'seller' | 'delivery' | 'payment';
export type OrgArea = 'seller' | 'delivery' | 'payment';

export const AREA_HOME: Record<Area, string> = {
  store: '/', admin: '/admin', seller: '/seller', delivery: '/delivery', payment: '/payment',
};

/** The area an account works in, chosen by its organisation kind (consumers use the storefront). */
export function areaOf(me: Pick<Me, 'kind' | 'org'>): Area {
  if (me.kind === 'consumer' || !me.org) return 'store';
  switch (me.org.kind) {
    case 'platform': return 'admin';
    case 'seller': return 'seller';
    case 'delivery': return 'delivery';
    case 'payment': return 'payment';
  }
}

/** The "my account" page of an account's area. */
export function accountPath(me: Pick<Me, 'kind' | 'org'>): string {
  const area = areaOf(me);
  return area === 'store' ? '/account' : `${AREA_HOME[area]}/account`;
}

/** Where to go after sign-in: the requested page when it belongs to the account's area, else the area's home. */
export function landingPath(me: Pick<Me, 'kind' | 'org'>, next: string | null): string {
  const area = areaOf(me);
  const home = AREA_HOME[area];
  if (next && next.startsWith('/') && !next.startsWith('//')) {
    const nextArea = areaOfPath(next);
    if (nextArea === area) return next;
  }
  return home;
}

/** Which area a path belongs to. */
export function areaOfPath(pathname: string): Area {
  for (const a of ['admin', 'seller', 'delivery', 'payment'] as const) {
    if (pathname === AREA_HOME[a] || pathname.startsWith(`${AREA_HOME[a]}/`)) return a;
  }
  return 'store';
}
