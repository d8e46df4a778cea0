import { intlLocale } from '../i18n';

/** Date and time per the UI language, in the viewer's time zone: 2026年11月24日 17:30 / Nov 24, 2026, 5:30 PM. */
export function formatDateTime(iso: string | null | undefined, lng: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(intlLocale(lng), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A calendar date per the UI language (2026年11月24日 / Nov 24, 2026). Accepts YYYY-MM-DD (no time-zone shift). */
export function formatDate(value: string, lng: string): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return new Intl.DateTimeFormat(intlLocale(lng), { dateStyle: 'medium' }).format(d);
}

/** Weekday name per the UI language; 1 = Monday … 7 = Sunday (ISO). */
export function weekdayName(isoWeekday: number, lng: string, width: 'long' | 'short' = 'long'): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(intlLocale(lng), { weekday: width }).format(new Date(2024, 0, isoWeekday));
}

/** A short, readable name for a browser user-agent string ("Chrome · Linux"). */
export function describeUserAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari' : /curl\//.test(ua) ? 'curl' : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /(iPhone|iPad)/.test(ua) ? 'iOS'
    : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (!browser && !os) return ua.slice(0, 60);
  return [browser, os].filter(Boolean).join(' · ');
}
