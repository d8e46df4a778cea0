import type { TestApp } from '../../helpers/app.js';

/** Shared state of the tenant-isolation walk: seller1's records that seller2 must never reach. */
export type TenantFixture = { t: TestApp; tokens: Record<string, string>; ids: Record<string, string> };

export type TenantCase = (ids: Record<string, string>) => { url: string; body?: unknown };

/**
 * One module's part of the walk: `setup` creates seller1 records (as seller1) and stores their ids;
 * `cases` is a request by seller2 aimed at them for each tenant route; `secrets` lists strings of
 * seller1's that must not appear in any answer to seller2.
 */
export type TenantCaseSet = {
  setup?(f: TenantFixture): Promise<void>;
  cases: Record<string, TenantCase>;
  secrets?(ids: Record<string, string>): string[];
};
