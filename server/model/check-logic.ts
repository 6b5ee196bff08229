// Building OriginChecks: and/or/not that fold constants, and how a check reads for the requests CORS is about,
// which always carry an Origin.
import { ALWAYS, NEVER, type OriginCheck } from './origin-check';

export function and(...args: OriginCheck[]): OriginCheck {
  const kept = args.filter((a) => !(a.op === 'const' && a.value));
  if (kept.some((a) => a.op === 'const' && !a.value)) return NEVER;
  return kept.length === 0 ? ALWAYS : kept.length === 1 ? (kept[0] as OriginCheck) : { op: 'and', args: kept };
}

export function or(...args: OriginCheck[]): OriginCheck {
  const kept = args.filter((a) => !(a.op === 'const' && !a.value));
  if (kept.some((a) => a.op === 'const' && a.value)) return ALWAYS;
  return kept.length === 0 ? NEVER : kept.length === 1 ? (kept[0] as OriginCheck) : { op: 'or', args: kept };
}

export function not(arg: OriginCheck): OriginCheck {
  if (arg.op === 'const') return { op: 'const', value: !arg.value };
  if (arg.op === 'not') return arg.arg;
  return { op: 'not', arg };
}

/**
 * The check as it applies to CORS requests, which always carry an Origin: `origin && ...` loses `origin`,
 * and a branch taken only without an Origin becomes never.
 */
export function assumingOrigin(check: OriginCheck): OriginCheck {
  switch (check.op) {
    case 'match':
      return check.matcher.test === 'present' ? ALWAYS : check;
    case 'and':
      return and(...check.args.map(assumingOrigin));
    case 'or':
      return or(...check.args.map(assumingOrigin));
    case 'not':
      return not(assumingOrigin(check.arg));
    default:
      return check;
  }
}

/** Whether `check` can only hold when the request has no Origin (`!origin`, `origin === undefined`). */
export function onlyWithoutOrigin(check: OriginCheck): boolean {
  if (check.op === 'not') return check.arg.op === 'match' && check.arg.matcher.test === 'present';
  return check.op === 'and' && check.args.some(onlyWithoutOrigin);
}
