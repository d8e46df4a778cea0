import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { maskPhone } from '@/platform/crypto/index.js';
import type { Db } from '@/platform/db/client.js';
import type { ProviderCredentials } from '../ports.js';
import { SANDBOX_PAGE, bookCharge, checkChargeParams, sandboxTxnByRef, type ChargeCheck, type ChargeParams } from './adapter.js';

/** What the merchant (the platform) says about a payment when the sandbox asks before taking money. */
export type MerchantState = 'payable' | 'held' | 'closed' | 'unknown';

export type SandboxPagesOptions = {
  db: Db;
  /** The sandbox's copy of the merchant credentials. */
  credentials: () => Promise<ProviderCredentials | null>;
  /** Merchant-side order query: a held payment cannot be paid until released, a closed one never. */
  merchantState: (paymentId: string) => Promise<MerchantState>;
  merchantName: string;
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const yuan = (fen: number) => `¥${String(Math.trunc(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(fen % 100).padStart(2, '0')}`;
const MOBILE = /^1[3-9]\d{9}$/;

const STYLE = `body{font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;background:#eef2f6;margin:0;color:#1f2933}
main{max-width:440px;margin:40px auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);overflow:hidden}
header{background:#1661ab;color:#fff;padding:18px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;font-size:13px;opacity:.85}
section{padding:20px 24px}dl{display:grid;grid-template-columns:auto 1fr;gap:8px 16px;margin:0 0 16px}dt{color:#616e7c}dd{margin:0;word-break:break-all}
.amount{font-size:30px;font-weight:600;color:#c92a2a;margin:8px 0 16px}.en{display:block;font-size:12px;color:#7b8794}
label{display:block;margin:12px 0 4px}input[type=tel]{width:100%;box-sizing:border-box;padding:10px;font-size:16px;border:1px solid #cbd2d9;border-radius:6px}
.buttons{display:flex;gap:12px;margin-top:20px}button{flex:1;padding:12px;font-size:16px;border-radius:6px;border:0;cursor:pointer}
.pay{background:#1661ab;color:#fff}.fail{background:#f0f4f8;color:#9b1c1c;border:1px solid #e0b4b4}
.notice{padding:14px;border-radius:8px;background:#fff8e1;border:1px solid #f0c36d}.error{background:#fdecea;border-color:#e0a0a0}
.ok{background:#e6f6ec;border-color:#8fd3a8}a.back{display:inline-block;margin-top:16px;color:#1661ab}footer{padding:12px 24px;font-size:12px;color:#9aa5b1;border-top:1px solid #eef2f6}`;

function page(title: string, titleEn: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · 安付支付沙箱</title><link rel="icon" href="data:,"><style>${STYLE}</style></head><body><main>
<header><h1>安付支付 · 收银台</h1><p>AnFu Pay checkout — sandbox, no real money moves</p></header>
<section><h2>${esc(title)}<span class="en">${esc(titleEn)}</span></h2>${body}</section>
<footer>沙箱环境：用于演示与测试。Sandbox environment for demos and tests.</footer></main></body></html>`;
}

function send(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

const BAD_LINK: Record<Exclude<ChargeCheck, { ok: true }>['reason'], [string, string, string]> = {
  malformed: ['支付链接不完整', 'Incomplete payment link', '链接缺少参数或参数格式不正确。请回到商户页面重新发起支付。 The link is missing fields or has malformed ones: start the payment again from the merchant.'],
  unknown_merchant: ['商户未开通', 'Unknown merchant', '该链接的商户在本支付机构没有签约。 This merchant has no contract with this provider.'],
  bad_signature: ['支付链接无效', 'Invalid payment link', '链接签名校验失败，可能被篡改。请回到商户页面重新发起支付。 The link\'s signature does not verify: it may have been altered. Start the payment again from the merchant.'],
  expired: ['支付链接已过期', 'Payment link expired', '该笔支付已超过付款期限。请回到商户页面重新下单。 The time to pay has passed: place the order again at the merchant.'],
};

function badLink(reply: FastifyReply, check: Exclude<ChargeCheck, { ok: true }>): FastifyReply {
  const [zh, en, text] = BAD_LINK[check.reason];
  return send(reply, check.status, page(zh, en, `<p class="notice error">${esc(text)}</p>`));
}

function returnTo(p: ChargeParams, result: string): string {
  const [path, query = ''] = p.returnUrl.split('?', 2);
  const q = new URLSearchParams(query);
  q.set('paymentId', p.paymentId);
  q.set('result', result);
  return `${path}?${q.toString()}`;
}

function summary(p: ChargeParams, merchantName: string): string {
  return `<dl><dt>商户 Merchant</dt><dd>${esc(merchantName)}（${esc(p.merchantId)}）</dd>
<dt>商品 Subject</dt><dd>${esc(p.subject)}</dd><dt>交易号 Reference</dt><dd>${esc(p.paymentId)}</dd>
<dt>付款期限 Pay by</dt><dd>${esc(new Date(p.expiresAt * 1000).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }))}</dd></dl>
<div class="amount">${esc(p.currency === 'CNY' ? yuan(p.amount) : `${p.currency} ${yuan(p.amount).slice(1)}`)}</div>`;
}

const back = (p: ChargeParams, result: string) => `<a class="back" href="${esc(returnTo(p, result))}">返回商户 Back to the merchant</a>`;

/** A page explaining why the charge cannot be paid now, or null when it can. */
async function blocked(opts: SandboxPagesOptions, p: ChargeParams): Promise<{ status: number; html: string } | null> {
  const seen = await sandboxTxnByRef(opts.db, 'charge', p.paymentId);
  if (seen?.status === 'succeeded') {
    return { status: 200, html: page('该笔交易已支付', 'Already paid', `${summary(p, opts.merchantName)}<p class="notice ok">您已完成付款，无需重复支付。交易流水号 ${esc(seen.id)}。 You have paid; nothing more is charged.</p>${back(p, 'succeeded')}`) };
  }
  if (seen?.status === 'failed') {
    return { status: 409, html: page('该笔支付已失败', 'This payment failed', `${summary(p, opts.merchantName)}<p class="notice error">${esc(seen.failureReason ?? '')} 请回到商户重新下单。 Place the order again at the merchant.</p>${back(p, 'failed')}`) };
  }
  const state = await opts.merchantState(p.paymentId);
  if (state === 'held') {
    return { status: 409, html: page('支付审核中', 'Payment under review', `${summary(p, opts.merchantName)}<p class="notice">该笔支付正在接受商户的风险审核，审核通过前无法付款。请稍后再试。 This payment is under the merchant's risk review and cannot be paid until it is released. Try again later.</p>${back(p, 'held')}`) };
  }
  if (state === 'closed') {
    return { status: 409, html: page('交易已关闭', 'Payment closed', `${summary(p, opts.merchantName)}<p class="notice error">商户已关闭该笔交易，无法付款。 The merchant closed this payment; it cannot be paid.</p>${back(p, 'closed')}`) };
  }
  return null;
}

function payForm(p: ChargeParams, fields: Record<string, string>, merchantName: string, error?: string): string {
  const hidden = ['mid', 'pid', 'amt', 'cur', 'sub', 'exp', 'ret', 'sig']
    .map((k) => `<input type="hidden" name="${k}" value="${esc(fields[k] ?? '')}">`).join('');
  return page('确认付款', 'Confirm payment', `${summary(p, merchantName)}
${error ? `<p class="notice error">${esc(error)}</p>` : ''}
<form method="post" action="${SANDBOX_PAGE}">${hidden}
<label for="payer">付款人手机号 <span class="en">Payer mobile number</span></label>
<input id="payer" name="payer" type="tel" inputmode="numeric" pattern="1[3-9][0-9]{9}" maxlength="11" required value="${esc(fields.payer ?? '')}" placeholder="13800000005">
<div class="buttons"><button class="pay" type="submit" name="action" value="pay">确认支付<span class="en">Pay</span></button>
<button class="fail" type="submit" name="action" value="fail" formnovalidate>模拟支付失败<span class="en">Simulate failure</span></button></div></form>`);
}

const asFields = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((v ?? {}) as Record<string, unknown>).filter(([, x]) => typeof x === 'string') as Array<[string, string]>);

/**
 * The sandbox provider's own pages, plain server-rendered HTML in zh-CN with English: the pay page
 * (GET, from a signed link) and its form post, which books the charge, queues the signed
 * notification and sends the consumer back to the merchant with 303.
 */
export const sandboxPages: FastifyPluginAsync<SandboxPagesOptions> = async (app, opts) => {
  // Form posts are only parsed here (encapsulated): the rest of the platform speaks JSON only.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get(SANDBOX_PAGE, { schema: { hide: true } }, async (req, reply) => {
    const fields = asFields(req.query);
    const check = checkChargeParams(fields, await opts.credentials(), new Date());
    if (!check.ok) return badLink(reply, check);
    const stop = await blocked(opts, check.params);
    if (stop) return send(reply, stop.status, stop.html);
    return send(reply, 200, payForm(check.params, fields, opts.merchantName));
  });

  app.post(SANDBOX_PAGE, { schema: { hide: true } }, async (req, reply) => {
    const fields = asFields(req.body);
    const check = checkChargeParams(fields, await opts.credentials(), new Date());
    if (!check.ok) return badLink(reply, check);
    const p = check.params;
    const stop = await blocked(opts, p);
    if (stop) {
      // Paying an already paid charge again only sends the consumer back: nothing is charged twice.
      if (stop.status === 200) return reply.redirect(returnTo(p, 'succeeded'), 303);
      return send(reply, stop.status, stop.html);
    }
    const action = fields.action;
    if (action !== 'pay' && action !== 'fail') return send(reply, 400, payForm(p, fields, opts.merchantName, '请选择“确认支付”或“模拟支付失败”。 Choose Pay or Simulate failure.'));
    const payer = (fields.payer ?? '').replace(/\s+/g, '');
    if (action === 'pay' && !MOBILE.test(payer)) {
      return send(reply, 400, payForm(p, fields, opts.merchantName, '请输入 11 位手机号。 Enter an 11-digit mobile number.'));
    }
    const { txn } = await bookCharge(opts.db, { paymentId: p.paymentId, amount: p.amount, currency: p.currency,
      payerMasked: MOBILE.test(payer) ? maskPhone(payer) : '****', outcome: action === 'pay' ? 'succeeded' : 'failed' });
    return reply.redirect(returnTo(p, txn.status), 303);
  });
};
