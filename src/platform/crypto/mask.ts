/** Masks personal data for logs, audit entries and need-to-know views (PL-PRV-09). */
// Masks cut by code point, never inside a surrogate pair: half a pair is not Unicode, and jsonb refuses it.
export function maskPhone(phone: string): string {
  const d = [...phone.replace(/\s+/g, '')];
  return d.length >= 7 ? `${d.slice(0, 3).join('')}****${d.slice(-4).join('')}` : '****';
}
export function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${[...user][0] ?? ''}***@${domain}`;
}
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}
export function maskGeneric(value: string): string {
  const chars = [...value];
  return chars.length <= 4 ? '****' : `${chars.slice(0, 2).join('')}****${chars.slice(-2).join('')}`;
}

/** Field names that hold personal data anywhere in Shiji; audit entries mask them. */
const PERSONAL_FIELDS: Record<string, (v: string) => string> = {
  email: maskEmail, phone: maskPhone, mobile: maskPhone, realName: maskName, displayName: maskName,
  contactName: maskName, legalRepresentative: maskName, address: maskGeneric, idNumber: maskGeneric,
  birthDate: () => '****', recipientName: maskName, recipientPhone: maskPhone,
};
const SECRET_FIELDS = new Set(['password', 'passwordHash', 'token', 'totpSecret', 'secret', 'code', 'currentPassword', 'newPassword']);

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_LIKE = /^(\+?86)?1[3-9]\d{9}$/;

/** Copies an object with personal fields masked and secrets removed (recursively). */
export function maskPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonal);
  // Values that look like an email address or a mobile number are masked whatever their field is called.
  if (typeof value === 'string') {
    if (EMAIL_LIKE.test(value)) return maskEmail(value);
    if (PHONE_LIKE.test(value.replace(/[\s-]/g, ''))) return maskPhone(value);
    return value;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_FIELDS.has(k)) { out[k] = '[secret]'; continue; }
      const m = PERSONAL_FIELDS[k];
      out[k] = m && typeof v === 'string' ? m(v) : maskPersonal(v);
    }
    return out;
  }
  return value;
}
