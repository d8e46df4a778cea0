/** Money is integer minor units (fen) plus an ISO currency; there are no floats in the domain. */
export type Money = { amount: number; currency: string };

function assertFen(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`money amount ${n} is not a safe integer of minor units`);
}
function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`cannot combine ${a.currency} with ${b.currency}`);
}

export function money(amount: number, currency = 'CNY'): Money {
  assertFen(amount);
  return { amount, currency };
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function multiply(a: Money, qty: number): Money {
  if (!Number.isInteger(qty)) throw new RangeError('quantity must be a whole number');
  return money(a.amount * qty, a.currency);
}

/**
 * Splits an amount by integer weights; the parts always sum to the original.
 * The one rounding rule: floor each share, then give the leftover fen one by one to the largest remainders.
 */
export function allocate(a: Money, weights: number[]): Money[] {
  if (weights.length === 0 || weights.some((w) => !Number.isInteger(w) || w < 0)) {
    throw new RangeError('weights must be non-negative whole numbers');
  }
  const total = weights.reduce((s, w) => s + w, 0);
  if (total === 0) throw new RangeError('weights must not all be zero');
  const sign = a.amount < 0 ? -1 : 1;
  const abs = Math.abs(a.amount);
  const shares = weights.map((w, i) => ({ i, floor: Math.floor((abs * w) / total), rem: (abs * w) % total }));
  let left = abs - shares.reduce((s, x) => s + x.floor, 0);
  for (const s of [...shares].sort((x, y) => y.rem - x.rem || x.i - y.i)) {
    if (left === 0) break;
    s.floor += 1;
    left -= 1;
  }
  return shares.map((s) => money(sign * s.floor, a.currency));
}
