export * from './service.js';
export * from './contract.js';
export * from './errors.js';
export {
  onPaymentSettled, notifySettled, registerPaymentAdapter, paymentAdapter, paymentAdapterCodes,
  type PaymentAdapter, type AdapterDeps, type AdapterFactory, type ProviderCredentials, type ChargeRequest, type ProviderTxn, type ProviderResult,
  type ProviderNotification, type PaymentSettled, type RefundSettled, type TransferSettled, type PaymentListeners,
} from './ports.js';
export {
  SANDBOX_CODE, SANDBOX_PAGE, SANDBOX_NOTIFY_JOB, SANDBOX_COMPLETE_JOB, SIGNATURE_HEADER, NOTIFICATION_TOLERANCE_SECONDS, FAIL_MARKER,
  buildSignedNotification, notificationBody, notificationSignature, chargeSignature,
} from './sandbox/adapter.js';
export { sandboxWebhookUrl } from './sandbox/jobs.js';
/** The sandbox's own page-payment booking (demo seed: pays as a consumer on the sandbox page would). */
export { bookCharge as sandboxBookCharge } from './sandbox/adapter.js';
export { paymentRoutes } from './routes.js';
export { paymentJobs, platformBaseUrl, APPLY_PENDING_NOTIFICATIONS_JOB, RECONCILE_JOB } from './jobs.js';
