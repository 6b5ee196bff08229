// The CORS policy model: the contract between framework adapters (which read syntax) and rules (which judge).
// Adapters turn each CORS setup they find into one CorsPolicy, library defaults included; rules read only this.
import type { Fix } from './fix';
import type { OriginCheck } from './origin-check';
import type { Site } from './span';

/** A configured value and where it was written. No site: the library default, nothing in the code. */
export interface Setting<T> {
  readonly value: T;
  readonly site?: Site;
}

/** One way Access-Control-Allow-Origin can come out. A policy lists every way (every branch counts). */
export type OriginGrant = GrantKind & {
  /** Only outside production (`NODE_ENV !== 'production'` on the way to it): reported with less weight. */
  readonly devOnly?: boolean;
  /** Where known, the conditions on the way to this value (hand-written headers). */
  readonly when?: OriginCheck;
};

type GrantKind =
  /** The literal `*`. */
  | { readonly kind: 'wildcard'; readonly site?: Site }
  /** The request's own Origin echoed back whenever `when` holds (`{ op: 'const', value: true }`: always). */
  | { readonly kind: 'reflect'; readonly when: OriginCheck; readonly site?: Site }
  /** One fixed origin, the same for every request (`'null'` included). */
  | { readonly kind: 'fixed'; readonly value: string; readonly site?: Site }
  /** No CORS header on this path: CORS is off (`origin: false`, an unset variable in `cors`). */
  | { readonly kind: 'none'; readonly site?: Site }
  /** Computed somewhere the analysis cannot see. Rules stay silent on it. */
  | { readonly kind: 'unknown'; readonly site?: Site };

export type HeaderList = readonly string[] | '*' | 'mirror' | 'unknown';

/** Why a browser will send a preflight before the real request. */
export interface PreflightTrigger {
  readonly reason: string;
  readonly site?: Site;
}

/** Edits the adapter can make in this code's own idiom; rules pick the ones their finding needs. */
export interface PolicyFixes {
  /** Add `Vary: Origin` to the responses this policy writes. */
  readonly addVaryOrigin?: Fix;
  /** Replace the origin setting with an allowlist of trusted origins. */
  readonly restrictOrigins?: Fix;
  /** Stop sending Access-Control-Allow-Credentials. */
  readonly dropCredentials?: Fix;
  /** Answer the OPTIONS preflight with the same CORS settings. */
  readonly answerPreflight?: Fix;
}

export interface CorsPolicy {
  /** The library or API that produces the headers (`cors`, `@fastify/cors`, `node:http`), for messages. */
  readonly framework: string;
  /** What this is in the user's words: "cors() middleware", "CORS headers written in this handler". */
  readonly label: string;
  /** The setup as a whole: the `cors(...)` call, the handler that writes the headers. */
  readonly site: Site;
  /** The routes it applies to, when it is attached to specific ones. */
  readonly route?: { readonly methods: readonly string[]; readonly path?: string };
  readonly origin: Setting<readonly OriginGrant[]>;
  /**
   * `true` also when credentials are allowed on only some branches; `when`, where known, says on which (hand-
   * written headers), so a grant on a branch that never sends credentials is not taken to meet them.
   */
  readonly credentials: Setting<boolean | 'unknown'> & { readonly when?: OriginCheck };
  readonly methods: Setting<readonly string[] | '*' | 'unknown'>;
  readonly allowedHeaders: Setting<HeaderList>;
  readonly exposedHeaders: Setting<readonly string[] | '*' | 'unknown'>;
  readonly maxAge: Setting<number | 'unknown' | undefined>;
  /** Whether an OPTIONS preflight for these routes gets a 2xx answer carrying the CORS headers. */
  readonly preflight: Setting<'answered' | 'unanswered' | 'unknown'>;
  /** Evidence that browsers will preflight these requests; empty when only simple requests are seen. */
  readonly preflightTriggers: readonly PreflightTrigger[];
  /** Whether every response whose Access-Control-Allow-Origin varies also gets `Vary: Origin`. */
  readonly varyOrigin: Setting<boolean | 'unknown'>;
  readonly fixes: PolicyFixes;
  /** The whole setup runs only outside production (registered under a NODE_ENV check). */
  readonly devOnly?: boolean;
}
