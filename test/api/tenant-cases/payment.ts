import { requestTransfer } from '../../../src/modules/payment/index.js';
import { newId } from '../../../src/platform/db/ids.js';
import { systemContext } from '../../../src/platform/http/auth.js';
import { CREDS, deliver, txnOf } from '../payment-helpers.js';
import type { TenantCaseSet } from './types.js';

/** Payment routes aimed by seller2 at seller1's transfers (payouts) and transfer enquiries. */
export const paymentCases: TenantCaseSet = {
  async setup({ t, tokens, ids }) {
    const s1 = tokens.seller1!;
    const org = (await t.call('GET', '/api/auth/me', { token: s1 })).json().org.id as string;
    const providers = (await t.call('GET', '/api/admin/payment/providers', { token: tokens.admin })).json().items as Array<{ id: string; code: string }>;
    const sandbox = providers.find((p) => p.code === 'sandbox')!.id;
    const rotated = await t.call('POST', `/api/admin/payment/providers/${sandbox}/credentials`, { token: tokens.admin, body: CREDS });
    if (rotated.statusCode !== 200) throw new Error(`rotate: ${rotated.body}`);
    const transfer = await t.platform.db.transaction((tx) => requestTransfer(tx, systemContext('tenant walk'), { reference: newId('pout'), orgId: org,
      amount: 31_415, payee: '6222 FAIL 0001', memo: 'S1-PAYOUT-SECRET' }));
    const failed = await deliver(t, txnOf('transfer', transfer.id, 'failed', 31_415, { failureReason: 'S1-FAILURE-SECRET' }));
    if (failed.json().status !== 'applied') throw new Error(`transfer failure: ${failed.body}`);
    const enq = await t.call('POST', '/api/seller/payment-enquiries', { token: s1, body: { transferId: transfer.id, message: 'S1-ENQUIRY-SECRET' } });
    if (enq.statusCode !== 201) throw new Error(`enquiry: ${enq.body}`);
    Object.assign(ids, { payTransfer: transfer.id, payEnquiry: enq.json().id });
  },
  cases: {
    'GET /api/seller/payment/transfers': () => ({ url: '/api/seller/payment/transfers?limit=100' }),
    'POST /api/seller/payment-enquiries': (ids) => ({ url: '/api/seller/payment-enquiries', body: { transferId: ids.payTransfer, message: 'hijack' } }),
    'GET /api/seller/payment-enquiries': () => ({ url: '/api/seller/payment-enquiries?limit=100' }),
  },
  secrets: (ids) => [ids.payTransfer!, ids.payEnquiry!, 'S1-PAYOUT-SECRET', 'S1-FAILURE-SECRET', 'S1-ENQUIRY-SECRET'],
};
