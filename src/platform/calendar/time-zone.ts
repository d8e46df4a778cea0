/**
 * UTC offsets of IANA time zones from Intl alone (no tz database of our own, no dependency): the
 * offset in force at an instant, the local date of an instant, and the stretches of constant
 * offset in a time window, found by bisecting to the second where the offset changes.
 */
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  // IANA names only (Area/Location, UTC, Etc/GMT-8); Intl's own check rejects unknown ones.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(timeZone) || timeZone.length > 64) return null;
  try {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
    return f;
  } catch {
    return null;
  }
}

/** True when Intl knows the IANA time zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  return formatterFor(timeZone) !== null;
}

/** Local wall time of an instant as if it were UTC (ms), at whole-second precision. */
function wallMs(f: Intl.DateTimeFormat, ms: number): number {
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of f.formatToParts(ms)) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': mo = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value); break;
      case 'minute': mi = Number(p.value); break;
      case 'second': s = Number(p.value); break;
      default: break;
    }
  }
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** UTC offset (ms, local minus UTC) in force at an instant. */
export function offsetAt(f: Intl.DateTimeFormat, ms: number): number {
  const sec = Math.floor(ms / 1000) * 1000;
  return wallMs(f, sec) - sec;
}

/** Local date (days since 1970-01-01) of an instant. */
export function localDayOf(f: Intl.DateTimeFormat, ms: number): number {
  return Math.floor((ms + offsetAt(f, ms)) / DAY);
}

/** Stretches of constant UTC offset covering [from, to): [start, end, offset]. */
export function offsetSegments(f: Intl.DateTimeFormat, from: number, to: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  let start = from;
  let off = offsetAt(f, from);
  for (let guard = 0; guard < 8; guard++) {
    const offEnd = offsetAt(f, to - 1);
    if (offEnd === off) break;
    // Offsets change on whole seconds: bisect seconds for the first one with another offset.
    let lo = Math.floor(start / 1000);
    let hi = Math.floor((to - 1) / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(f, mid * 1000) === off) lo = mid; else hi = mid;
    }
    const change = hi * 1000;
    out.push([start, change, off]);
    start = change;
    off = offsetAt(f, change);
  }
  out.push([start, to, off]);
  return out;
}
