import { DomainError } from '@/platform/http/problem.js';

/** An entry whose lines do not make a valid double entry (not integers, not summing to zero, fewer than two). */
export class LedgerUnbalanced extends DomainError {
  constructor(detail: string, meta: Record<string, unknown> = {}) {
    super({ code: 'finance.ledger_unbalanced', status: 422, detail, meta });
  }
}
export class UnknownAccount extends DomainError {
  constructor(codes: string[]) {
    super({ code: 'finance.unknown_account', status: 422,
      detail: `Ledger account(s) ${codes.join(', ')} do not exist: create them with ensureAccount before posting to them.`, meta: { accounts: codes } });
  }
}
export class PeriodClosed extends DomainError {
  constructor(month: string) {
    super({ code: 'finance.period_closed', status: 409,
      detail: `The accounting period ${month} is closed: nothing may be posted into it. Post a correction dated in an open period.`, meta: { month } });
  }
}
export class EntryNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'finance.entry_not_found', status: 404, detail: `Ledger entry ${id} was not found.`, meta: { entryId: id } });
  }
}
export class EntryNotReversible extends DomainError {
  constructor(id: string, reason: string) {
    super({ code: 'finance.entry_not_reversible', status: 409, detail: `Ledger entry ${id} cannot be reversed: ${reason}`, meta: { entryId: id } });
  }
}
export class AccountKindMismatch extends DomainError {
  constructor(code: string, existing: string, wanted: string) {
    super({ code: 'finance.account_kind_mismatch', status: 409,
      detail: `Ledger account ${code} already exists as ${existing}, not ${wanted}.`, meta: { account: code, existing, wanted } });
  }
}
export class CommissionRateNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'finance.commission_rate_not_found', status: 404, detail: `Commission rate ${id} was not found.`, meta: { rateId: id } });
  }
}
export class CommissionRateExists extends DomainError {
  constructor(scope: string, scopeId: string, id: string) {
    super({ code: 'finance.commission_rate_exists', status: 409,
      detail: `A ${scope} commission rate for ${scopeId} exists already (${id}): change that one instead.`, meta: { scope, scopeId, rateId: id } });
  }
}
export class UnknownRateScope extends DomainError {
  constructor(scope: string, scopeId: string) {
    super({ code: 'finance.unknown_rate_scope', status: 422,
      detail: scope === 'seller' ? `${scopeId} is not a seller organisation: choose an existing seller.` : `Category ${scopeId} does not exist: choose an existing category.`,
      meta: { scope, scopeId } });
  }
}
export class DefaultRateRequired extends DomainError {
  constructor() {
    super({ code: 'finance.default_rate_required', status: 409, detail: 'The default commission rate cannot be deleted: change its rate instead.' });
  }
}
export class PeriodAlreadyClosed extends DomainError {
  constructor(month: string) {
    super({ code: 'finance.period_already_closed', status: 409, detail: `The accounting period ${month} is closed already.`, meta: { month } });
  }
}
export class PeriodNotEnded extends DomainError {
  constructor(month: string) {
    super({ code: 'finance.period_not_ended', status: 422,
      detail: `The accounting period ${month} has not ended yet (Asia/Shanghai time): close it after its last day.`, meta: { month } });
  }
}
export class LedgerIntegrityBroken extends DomainError {
  constructor(problems: string[]) {
    super({ code: 'finance.integrity_broken', status: 500, detail: `The ledger failed its integrity check: ${problems.join(' ')}`, meta: { problems } });
  }
}
