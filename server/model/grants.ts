// Facts about a list of origin grants that both adapters (building fixes) and rules (judging) need.
import type { OriginGrant } from './policy';

/** Access-Control-Allow-Origin depends on the request: the Origin is echoed, or one of several origins is picked. */
export function variesByOrigin(grants: readonly OriginGrant[]): boolean {
  if (grants.some((g) => g.kind === 'reflect' && !(g.when.op === 'const' && !g.when.value))) return true;
  return new Set(grants.flatMap((g) => (g.kind === 'fixed' ? [g.value] : []))).size > 1;
}
