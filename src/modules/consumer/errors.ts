import { DomainError } from '@/platform/http/problem.js';

export class AddressNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'consumer.address_not_found', status: 404, detail: `Address ${id} is not in your address book.`, meta: { addressId: id } });
  }
}
export class TooManyAddresses extends DomainError {
  constructor(max: number) {
    super({ code: 'consumer.too_many_addresses', status: 422, detail: `An address book holds at most ${max} addresses: delete one first.`, meta: { max } });
  }
}
