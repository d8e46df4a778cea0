import { DomainError } from '@/platform/http/problem.js';

export class InvalidCredentials extends DomainError {
  constructor() {
    // Same answer whether the account exists or not (PL-IAM-02).
    super({ code: 'auth.invalid_credentials', status: 401, detail: 'The login or password is wrong.' });
  }
}
export class TotpRequired extends DomainError {
  constructor() {
    super({ code: 'auth.totp_required', status: 401, detail: 'Enter the 6-digit code from your authenticator app.' });
  }
}
export class TooManyAttempts extends DomainError {
  constructor(until: Date) {
    super({ code: 'auth.too_many_attempts', status: 429,
      detail: `Too many failed sign-ins. Try again after ${until.toISOString()}.`, meta: { retryAfter: until.toISOString() } });
  }
}
export class LoginTaken extends DomainError {
  constructor(field: 'email' | 'phone') {
    super({ code: 'identity.login_taken', status: 409, detail: `An account with this ${field} already exists.`, meta: { field } });
  }
}
export class WeakPassword extends DomainError {
  constructor(reason: string) {
    super({ code: 'identity.weak_password', status: 422, detail: reason });
  }
}
export class AccountNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'identity.account_not_found', status: 404, detail: `Account ${id} was not found.` });
  }
}
export class OrganisationNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'identity.organisation_not_found', status: 404, detail: `Organisation ${id} was not found.` });
  }
}
export class RoleNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'identity.role_not_found', status: 404, detail: `Role ${id} was not found.` });
  }
}
export class SessionNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'identity.session_not_found', status: 404, detail: `Session ${id} was not found.` });
  }
}
export class RoleNotAssignable extends DomainError {
  constructor(detail: string) {
    super({ code: 'identity.role_not_assignable', status: 422, detail });
  }
}
export class InvalidEntityType extends DomainError {
  constructor(detail: string) {
    super({ code: 'identity.invalid_entity_type', status: 422, detail });
  }
}
export class PredefinedRoleImmutable extends DomainError {
  constructor() {
    super({ code: 'identity.predefined_role_immutable', status: 409, detail: 'Predefined roles cannot be changed; create a custom role instead.' });
  }
}
export class RoleKeyTaken extends DomainError {
  constructor(key: string) {
    super({ code: 'identity.role_key_taken', status: 409, detail: `A role with key "${key}" already exists.` });
  }
}
export class InvalidTotpCode extends DomainError {
  constructor() {
    super({ code: 'identity.invalid_totp_code', status: 422, detail: 'That code is not valid. Check the time on your phone and enter the current 6-digit code.' });
  }
}
export class TotpState extends DomainError {
  constructor(detail: string) {
    super({ code: 'identity.totp_state', status: 409, detail });
  }
}
export class CannotChangeSelf extends DomainError {
  constructor(detail: string) {
    super({ code: 'identity.cannot_change_self', status: 409, detail });
  }
}
