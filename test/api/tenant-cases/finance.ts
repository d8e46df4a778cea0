import { newId } from '../../../src/platform/db/ids.js';
import { systemContext } from '../../../src/platform/http/auth.js';
import { postEntry, sellerAccount } from '../../../src/modules/finance/index.js';
import type { TenantCaseSet } from './types.js';

/** Ledger and settlement routes of sellers: seller2 must never see seller1's ledger lines, statements or payouts. */
export const financeCases: TenantCaseSet = {
  async setup({ t, tokens, ids }) {
    const org1 = (await t.call('GET', '/api/auth/me', { token: tokens.seller1 })).json().org.id as string;
    const orderId = newId('ord');
    const entry = await t.platform.db.transaction((tx) => postEntry(tx, systemContext('tenant walk'), {
      kind: 'order.paid', sourceType: 'order', sourceId: orderId, occurredAt: new Date('2024-01-15T10:00:00+08:00'), lines: [
        { account: 'clearing:consumer', amount: 2_100_000, sellerId: org1, orderId },
        { account: sellerAccount(org1), amount: -2_000_000, memo: 'goods', sellerId: org1, orderId },
        { account: 'revenue:commission', amount: -100_000, memo: 'commission', sellerId: org1, orderId },
      ] }));
    const st = await t.call('POST', '/api/admin/settlements/statements', { token: tokens.admin, body: { sellerId: org1, from: '2024-01-01', to: '2024-02-01' } });
    if (st.statusCode !== 201) throw new Error(`statement: ${st.statusCode} ${st.body}`);
    const statementId = st.json().items[0].id as string;
    // 20 000 yuan is above the default approval threshold: the payout waits for a second approver (no transfer needed).
    const po = await t.call('POST', `/api/admin/settlements/statements/${statementId}/payout`, { token: tokens.admin, body: { payee: '6222 **** **** 7001' } });
    if (po.statusCode !== 201) throw new Error(`payout: ${po.statusCode} ${po.body}`);
    Object.assign(ids, { finOrder: orderId, finEntry: entry.id, finStatement: statementId, finPayout: po.json().id });
  },
  cases: {
    'GET /api/seller/finance/entries': () => ({ url: '/api/seller/finance/entries?limit=100' }),
    'GET /api/seller/finance/balance': () => ({ url: '/api/seller/finance/balance' }),
    'GET /api/seller/settlements/statements': () => ({ url: '/api/seller/settlements/statements?limit=100' }),
    'GET /api/seller/settlements/statements/:id': (ids) => ({ url: `/api/seller/settlements/statements/${ids.finStatement}` }),
    'GET /api/seller/settlements/payouts': () => ({ url: '/api/seller/settlements/payouts?limit=100' }),
  },
  secrets: (ids) => [ids.finOrder!, ids.finEntry!, ids.finStatement!, ids.finPayout!, '6222 **** **** 7001'],
};
