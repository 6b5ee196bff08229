// Facts about a list of origin grants that both adapters (building fixes) and rules (judging) need.
import { environmentOf } from './origin-check';
import type { CorsPolicy, OriginGrant } from './policy';

/** Access-Control-Allow-Origin depends on the request: the Origin is echoed, or one of several origins is picked. */
export function variesByOrigin(grants: readonly OriginGrant[]): boolean {
  if (grants.some((g) => g.kind === 'reflect' && !(g.when.op === 'const' && !g.when.value))) return true;
  return new Set(grants.flatMap((g) => (g.kind === 'fixed' ? [g.value] : []))).size > 1;
}

/** Whether a grant only happens outside production, by its own branch or the whole setup's. */
export function developmentOnly(grant: OriginGrant, policy: CorsPolicy): boolean {
  return policy.devOnly === true || grant.devOnly === true || (grant.kind === 'reflect' && environmentOf(grant.when) === 'development');
}

/** Appended to findings about development-only setups. */
export const DEV_NOTE = 'This only runs outside production (a NODE_ENV check), so it is reported with less weight; make sure it never ships.';
