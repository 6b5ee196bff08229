// The hover text builder on its own: each setting in plain words, library defaults marked, every kind of allowed
// origin ("any origin", `*`, a list, none, unseen), and origin checks spelled out.
import * as assert from 'node:assert/strict';
import type { OriginCheck } from '../../server/model/origin-check';
import type { CorsPolicy, OriginGrant } from '../../server/model/policy';
import { describeCheck } from '../../server/lsp/describe-origin';
import { describePolicy } from '../../server/lsp/describe-policy';

const file = '/app/server.js';
const at = (start: number) => ({ site: { file, span: [start, start + 1] as const } });

/** The `cors` package with no options: every value a library default (no site). */
function corsDefaults(overrides: Partial<CorsPolicy> = {}): CorsPolicy {
  return {
    framework: 'cors',
    label: 'cors() middleware',
    site: { file, span: [0, 6] },
    origin: { value: [{ kind: 'wildcard' }] },
    credentials: { value: false },
    methods: { value: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'] },
    allowedHeaders: { value: 'mirror' },
    exposedHeaders: { value: [] },
    maxAge: { value: undefined },
    preflight: { value: 'answered' },
    preflightTriggers: [],
    varyOrigin: { value: false },
    fixes: {},
    ...overrides,
  };
}

const lines = (policy: CorsPolicy): string[] => describePolicy(policy).split('\n');
const line = (policy: CorsPolicy, name: string): string | undefined => lines(policy).find((l) => l.startsWith(`- **${name}`));
const match = (test: 'equals' | 'suffix' | 'regex' | 'present' | 'trusted', value?: string, part: 'origin' | 'hostname' = 'origin'): OriginCheck => ({
  op: 'match',
  matcher: { test, part, ...(value !== undefined ? { value } : {}) },
});

describe('lsp: describePolicy (hover text)', () => {
  it('describes the cors() defaults and marks every one of them as a default', () => {
    assert.deepEqual(lines(corsDefaults()), [
      '**CORS** · cors() middleware (cors)',
      '',
      '- **Allowed origins:** `*`: any site, but browsers then send no cookies _(default)_',
      '- **Credentials:** not allowed _(default)_',
      '- **Methods:** GET, HEAD, PUT, PATCH, POST, DELETE _(default)_',
      '- **Allowed headers:** whatever the preflight asks for (Access-Control-Request-Headers is echoed back) _(default)_',
      '- **Exposed headers:** none beyond the CORS-safelisted ones _(default)_',
      '- **Max-age:** not sent (browsers cache a preflight for 5 seconds) _(default)_',
      '- **OPTIONS preflight:** answered _(default)_',
      '- **Vary: Origin:** not sent (not needed: the allowed origin is the same for every request) _(default)_',
    ]);
  });

  it('leaves written settings unmarked and words their values', () => {
    const policy = corsDefaults({
      route: { methods: ['PUT'], path: '/api/account' },
      origin: { value: [{ kind: 'reflect', when: { op: 'const', value: true } }], ...at(10) },
      credentials: { value: true, ...at(20) },
      methods: { value: '*', ...at(30) },
      allowedHeaders: { value: ['Content-Type', 'Authorization'], ...at(40) },
      exposedHeaders: { value: ['X-Total-Count'], ...at(50) },
      maxAge: { value: 600, ...at(60) },
      preflight: { value: 'unanswered', ...at(70) },
      preflightTriggers: [{ reason: 'the route accepts PUT requests' }],
      varyOrigin: { value: true, ...at(80) },
    });
    assert.deepEqual(lines(policy), [
      '**CORS** · cors() middleware (cors) for `PUT /api/account`',
      '',
      "- **Allowed origins:** any origin (the request's Origin is echoed back)",
      '- **Credentials:** allowed (browsers send cookies and HTTP auth)',
      '- **Methods:** any (`*`)',
      '- **Allowed headers:** Content-Type, Authorization',
      '- **Exposed headers:** X-Total-Count',
      '- **Max-age:** 600 seconds',
      '- **OPTIONS preflight:** not answered',
      '- **Vary: Origin:** sent',
      '- **Browsers preflight these requests:** the route accepts PUT requests',
    ]);
  });

  it('says when a value is decided by code it cannot see, and when CORS is off', () => {
    const unseen = corsDefaults({
      origin: { value: [{ kind: 'unknown' }], ...at(1) },
      credentials: { value: 'unknown', ...at(2) },
      maxAge: { value: 'unknown', ...at(3) },
      varyOrigin: { value: 'unknown' },
    });
    assert.equal(line(unseen, 'Allowed origins'), '- **Allowed origins:** decided by code cors-lint cannot see');
    assert.equal(line(unseen, 'Credentials'), '- **Credentials:** decided by code cors-lint cannot see');
    assert.equal(line(unseen, 'Max-age'), '- **Max-age:** decided by code cors-lint cannot see');
    assert.equal(line(corsDefaults({ origin: { value: [{ kind: 'none' }], ...at(1) } }), 'Allowed origins'), '- **Allowed origins:** none: CORS is off');
    // A reflecting branch that can never run adds nothing.
    const never: OriginGrant = { kind: 'reflect', when: { op: 'const', value: false } };
    assert.equal(line(corsDefaults({ origin: { value: [never], ...at(1) } }), 'Allowed origins'), '- **Allowed origins:** none: CORS is off');
  });

  it('lists fixed origins together, and every way the header can come out as its own item', () => {
    const two = corsDefaults({ origin: { value: [{ kind: 'fixed', value: 'https://a.example' }, { kind: 'fixed', value: 'https://b.example' }], ...at(1) } });
    assert.equal(line(two, 'Allowed origins'), '- **Allowed origins:** one of `https://a.example`, `https://b.example`');
    assert.equal(line(two, 'Vary'), '- **Vary: Origin:** not sent _(default)_', 'two origins vary, so a missing Vary matters');
    const branches = corsDefaults({
      origin: { value: [{ kind: 'fixed', value: 'null' }, { kind: 'wildcard' }, { kind: 'reflect', when: match('trusted') }], ...at(1) },
    });
    assert.deepEqual(lines(branches).slice(2, 6), [
      '- **Allowed origins**, depending on the path taken:',
      '  - `null` (any sandboxed page can send `Origin: null`)',
      '  - `*`: any site, but browsers then send no cookies',
      "  - the request's Origin, when it is in a list read at runtime (environment, database)",
    ]);
  });

  it('spells out origin checks', () => {
    const notSent: OriginCheck = { op: 'not', arg: match('present') };
    assert.equal(describeCheck({ op: 'or', args: [notSent, match('suffix', 'example.com')] }), 'it is not sent or it ends with `example.com`');
    assert.equal(
      describeCheck({ op: 'or', args: [match('equals', 'https://a.example'), match('equals', 'https://b.example'), match('regex', '^https://c\\.example$')] }),
      'it is one of `https://a.example`, `https://b.example` or it matches `/^https://c\\.example$/`',
    );
    assert.equal(
      describeCheck({ op: 'and', args: [match('present'), { op: 'or', args: [match('suffix', '.example.com', 'hostname'), match('equals', '')] }] }),
      'it is sent and (its hostname ends with `.example.com` or it is `""` (an empty string))',
    );
    assert.equal(describeCheck({ op: 'opaque', aboutOrigin: true }), 'a test cors-lint cannot see passes');
    assert.equal(describeCheck(match('suffix')), 'it ends with a value read at runtime');
  });
});
