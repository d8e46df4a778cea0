import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSignedNotification, chargeSignature, checkChargeParams, notificationBody, notificationSignature, verifyNotification } from './sandbox/adapter.js';
import { formatYuan, maskAccountText, shanghaiDate, shanghaiDayBounds } from './service/common.js';
import type { ProviderTxn } from './ports.js';

const creds = { merchantId: 'SBX0001', apiKey: 'api-key-0123456789abcdef', webhookSecret: 'webhook-secret-0123456789' };
const txn: ProviderTxn = { kind: 'charge', merchantRef: 'pay_01', providerRef: 'sbx_01', amount: 12_900, currency: 'CNY', status: 'succeeded',
  payerMasked: '138****0005', completedAt: new Date('2026-12-02T08:00:00Z'), failureReason: null };
const at = new Date('2026-12-02T08:00:05Z');

describe('notification signatures', () => {
  it('signs t + "." + raw body with HMAC-SHA256 of the webhook secret, as documented', () => {
    const raw = '{"a":1}';
    const expected = createHmac('sha256', creds.webhookSecret).update(`1796198405.${raw}`).digest('hex');
    expect(notificationSignature(creds.webhookSecret, 1796198405, raw)).toBe(`t=1796198405,v1=${expected}`);
  });

  it('accepts a fresh notification and parses its transaction', () => {
    const { headers, rawBody } = buildSignedNotification(creds.webhookSecret, notificationBody(txn, at), at);
    const n = verifyNotification(headers, rawBody, creds, new Date(at.getTime() + 299_000));
    expect(n).toMatchObject({ eventId: 'sbx_01.succeeded', type: 'charge.succeeded', txn: { ...txn, completedAt: txn.completedAt } });
  });

  it('refuses a stale, future, forged, altered, unsigned or inconsistent notification', () => {
    const { headers, rawBody } = buildSignedNotification(creds.webhookSecret, notificationBody(txn, at), at);
    const reject = (h: Record<string, string | string[] | undefined>, body: string, now = at) =>
      expect(() => verifyNotification(h, body, creds, now)).toThrow(expect.objectContaining({ code: 'payment.notification_rejected', status: 401 }));
    reject(headers, rawBody, new Date(at.getTime() + 301_000));
    reject(headers, rawBody, new Date(at.getTime() - 301_000));
    reject(buildSignedNotification('another-secret-0123456789', notificationBody(txn, at), at).headers, rawBody);
    reject(headers, rawBody.replace('12900', '12901'));
    reject({ 'content-type': 'application/json' }, rawBody);
    reject({ 'shiji-signature': 'v1=abc' }, rawBody);
    const wrongType = { ...notificationBody(txn, at), type: 'charge.failed' };
    const signed = buildSignedNotification(creds.webhookSecret, wrongType, at);
    reject(signed.headers, signed.rawBody);
    const notJson = 'not json';
    reject({ 'shiji-signature': notificationSignature(creds.webhookSecret, Math.floor(at.getTime() / 1000), notJson) }, notJson);
  });
});

describe('pay-page links', () => {
  const params = { merchantId: creds.merchantId, paymentId: 'pay_01', amount: 100, currency: 'CNY', subject: '茶', expiresAt: 1796198500, returnUrl: '/r' };
  const fields = (p = params) => ({ mid: p.merchantId, pid: p.paymentId, amt: String(p.amount), cur: p.currency, sub: p.subject, exp: String(p.expiresAt),
    ret: p.returnUrl, sig: chargeSignature(creds.apiKey, p) });

  it('accepts a signed link before it expires and refuses every altered field', () => {
    expect(checkChargeParams(fields(), creds, at)).toEqual({ ok: true, params });
    for (const [k, v] of Object.entries({ amt: '1', pid: 'pay_02', cur: 'USD', sub: '水', exp: '1796198600', ret: '/elsewhere' })) {
      expect(checkChargeParams({ ...fields(), [k]: v }, creds, at), k).toMatchObject({ ok: false, status: 403, reason: 'bad_signature' });
    }
    expect(checkChargeParams(fields(), { ...creds, merchantId: 'OTHER' }, at)).toMatchObject({ ok: false, reason: 'unknown_merchant' });
    expect(checkChargeParams(fields(), creds, new Date(1796198500_000))).toMatchObject({ ok: false, status: 410, reason: 'expired' });
    expect(checkChargeParams({ ...fields(), amt: '-1' }, creds, at)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('money and account text', () => {
  it('formats fen as yuan without floating point', () => {
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(123_456_789)).toBe('¥1,234,567.89');
    expect(formatYuan(-1_050)).toBe('-¥10.50');
  });

  it('masks long account numbers and keeps masked or short text', () => {
    expect(maskAccountText('6222021234567890')).toBe('6222 **** **** 7890');
    expect(maskAccountText('工行 6222 0212 3456 7890')).toBe('工行 6222 **** **** 7890');
    expect(maskAccountText('6222 **** **** 1234')).toBe('6222 **** **** 1234');
    expect(maskAccountText('6222 FAIL')).toBe('6222 FAIL');
    expect(maskAccountText('12345678')).toBe('12345678');
  });

  it('knows the Asia/Shanghai day of an instant', () => {
    expect(shanghaiDate(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
    expect(shanghaiDate(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
    expect(shanghaiDayBounds('2026-12-02')).toEqual({ start: new Date('2026-12-01T16:00:00Z'), end: new Date('2026-12-02T16:00:00Z') });
  });
});
