// A CorsPolicy in plain words (Markdown), as the hover shows it: who may read responses, with what, and which of
// it is the library's default rather than something written in the code (a Setting without a site).
import type { CorsPolicy, Setting } from '../model/policy';
import { code, describeGrants, UNSEEN } from './describe-origin';

export interface DescribeOptions {
  /** Where the setup that uses this code lives, when the hover is in another file (an imported options module). */
  readonly usedAt?: string;
}

export function describePolicy(policy: CorsPolicy, options: DescribeOptions = {}): string {
  const route = policy.route ? ` for ${code(`${policy.route.methods.join(', ')}${policy.route.path !== undefined ? ` ${policy.route.path}` : ''}`)}` : '';
  const lines = [`**CORS** · ${policy.label} (${policy.framework})${route}`];
  if (options.usedAt) lines.push(`_As used at ${options.usedAt}_`);
  lines.push('');
  const origins = describeGrants(policy.origin.value);
  const originsDefault = policy.origin.site ? '' : DEFAULT;
  if (origins.length === 1) lines.push(`- **Allowed origins:** ${origins[0]}${originsDefault}`);
  else lines.push(`- **Allowed origins**, depending on the path taken${originsDefault}:`, ...origins.map((o) => `  - ${o}`));
  lines.push(
    item('Credentials', policy.credentials, (v) => (v === 'unknown' ? UNSEEN : v ? 'allowed (browsers send cookies and HTTP auth)' : 'not allowed')),
    item('Methods', policy.methods, (v) => list(v, 'none sent (only GET, HEAD and POST work cross-origin)')),
    item('Allowed headers', policy.allowedHeaders, (v) =>
      v === 'mirror' ? 'whatever the preflight asks for (Access-Control-Request-Headers is echoed back)' : list(v, 'only the CORS-safelisted ones'),
    ),
    item('Exposed headers', policy.exposedHeaders, (v) => list(v, 'none beyond the CORS-safelisted ones')),
    item('Max-age', policy.maxAge, (v) =>
      v === undefined ? 'not sent (browsers cache a preflight for 5 seconds)' : v === 'unknown' ? UNSEEN : `${v} seconds`,
    ),
    item('OPTIONS preflight', policy.preflight, (v) => (v === 'unknown' ? UNSEEN : v === 'answered' ? 'answered' : 'not answered')),
    item('Vary: Origin', policy.varyOrigin, (v) => describeVary(v, policy)),
  );
  if (policy.preflight.value !== 'answered' && policy.preflightTriggers.length > 0) {
    lines.push(`- **Browsers preflight these requests:** ${policy.preflightTriggers.map((t) => t.reason).join('; ')}`);
  }
  return lines.join('\n');
}

const DEFAULT = ' _(default)_';

/** One bullet; a setting with no site in the code is the library's default and says so. */
function item<T>(name: string, setting: Setting<T>, describe: (value: T) => string): string {
  return `- **${name}:** ${describe(setting.value)}${setting.site ? '' : DEFAULT}`;
}

function list(value: readonly string[] | '*' | 'unknown', empty: string): string {
  if (value === '*') return `any (${code('*')})`;
  if (value === 'unknown') return UNSEEN;
  return value.length === 0 ? empty : value.join(', ');
}

function describeVary(value: boolean | 'unknown', policy: CorsPolicy): string {
  if (value === 'unknown') return UNSEEN;
  if (value) return 'sent';
  return variesByOrigin(policy) ? 'not sent' : 'not sent (not needed: the allowed origin is the same for every request)';
}

/** Whether Access-Control-Allow-Origin can differ between requests: the Origin echoed, or one of several origins. */
function variesByOrigin(policy: CorsPolicy): boolean {
  const grants = policy.origin.value;
  if (grants.some((g) => g.kind === 'reflect' && !(g.when.op === 'const' && !g.when.value))) return true;
  return new Set(grants.flatMap((g) => (g.kind === 'fixed' ? [g.value] : []))).size > 1;
}
