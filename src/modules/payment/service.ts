export { offerableProviders, ensureSandboxProvider, listProviders, getProvider, createProvider, updateProvider, rotateCredentials, listContracts,
  createContract, requireOfferable } from './service/providers.js';
export { createPayment, payUrl, paymentForCheckout, cancelPayment, getPayment, getPaymentByReference, paymentsForReferences, listPayments, listConsumerPayments,
  getConsumerPayment, syncPayment, merchantPaymentState, auditProviderQuery, type PaymentFilter, type Cursor } from './service/payments.js';
export { requestRefund, refundsForReferences, getRefund, listRefunds, executeRefund } from './service/refunds.js';
export { requestTransfer, getTransfer, getTransferByReference, listTransfers, executeTransfer } from './service/transfers.js';
export { receiveNotification, applyNotification, applyPendingNotifications, listNotifications, type NotificationStatus } from './service/notifications.js';
export { listRiskRules, createRiskRule, updateRiskRule, deleteRiskRule, listRiskReviews, releaseRiskReview, rejectRiskReview, evaluateRisk,
  EXECUTE_REFUND_JOB, EXECUTE_TRANSFER_JOB } from './service/risk.js';
export { reconcileDay, reconcilableProviders, listReconciliationRuns, listReconciliationExceptions, resolveReconciliationException,
  EXCEPTION_DUE } from './service/reconciliation.js';
export { submitEnquiry, submitTransferEnquiry, listEnquiries, replyEnquiry, resolveEnquiry } from './service/enquiries.js';
export { formatYuan, maskAccountText, previousDate, shanghaiDate } from './service/common.js';
