// Rewrites a loose origin test into an exact one that still admits what its author meant (the host, and its
// subdomains where the test reached for them) and rejects the bypass. Every rewrite is verified before it is offered.
import type { Fix } from './fix';
import { intendedOrigins, testMatcher, type OriginMatcher } from './origin-check';
import { escapeRegex, hardenRegex, regexShape, regexTest } from './regex';
import type { Site } from './span';

const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])$/;

/** A verified replacement for the loose test, or undefined when none can be written safely. */
export function exactCheckFix(matcher: OriginMatcher, bypass: string): Fix | undefined {
  const rewrite = matcher.test === 'regex' ? hardenedRegexLiteral(matcher) : rewriteTest(matcher);
  if (!rewrite || !verified(rewrite.accepts, matcher, bypass)) return undefined;
  return {
    title: 'Replace with an exact origin check',
    edits: [{ file: rewrite.site.file, span: rewrite.site.span, text: rewrite.text }],
    safe: false,
  };
}

interface Rewrite {
  readonly site: Site;
  readonly text: string;
  /** The new test, to prove it before offering it. */
  readonly accepts: (origin: string) => boolean | undefined;
}

/**
 * The rewrite must reject the bypass and keep admitting every legitimate origin the old test admitted: the
 * intended origins and their variants on the same site (other scheme, a dev port, a subdomain).
 */
function verified(accepts: Rewrite['accepts'], matcher: OriginMatcher, bypass: string): boolean {
  const intended = intendedOrigins(matcher);
  if (intended.length === 0 || accepts(bypass) !== false) return false;
  return intended.flatMap(variants).every((o) => testMatcher(matcher, o) !== 'yes' || accepts(o) === true);
}

function variants(origin: string): string[] {
  const m = /^([a-z]+):\/\/([^:/]+)(:\d+)?$/i.exec(origin);
  if (!m) return [origin];
  const [, scheme, host, port = ''] = m as unknown as [string, string, string, string?];
  const other = scheme === 'https' ? 'http' : 'https';
  // A dev server's port is part of what a localhost entry meant; on a real host it is not.
  const ported = LOCAL_HOST.test(host) ? [`${scheme}://${host}:3000`] : [];
  return [origin, `${other}://${host}${port}`, ...ported, `${scheme}://app.${host}${port}`];
}

/** `/example\.com$/` -> `/^https?:\/\/(?:[a-z0-9-]+\.)*example\.com$/`, `/^https:\/\/app.x.com$/` -> dots escaped. */
function hardenedRegexLiteral(m: OriginMatcher): Rewrite | undefined {
  if (m.value === undefined || !m.valueSite || !m.valueLiteral || m.part !== 'origin') return undefined;
  const flags = (m.flags ?? '').replace(/[gy]/g, '');
  const shape = regexShape(m.value, flags);
  let pattern = m.value;
  if (shape && !shape.anchoredStart && !/^\^?(\(\?:)?https?/.test(pattern)) {
    // Not anchored and no scheme: the author matched a host anywhere; anchor it after a scheme and subdomains.
    pattern = pattern.startsWith('\\.') ? `^https?:\\/\\/(?:[a-z0-9-]+\\.)*[a-z0-9-]+${pattern}` : `^https?:\\/\\/(?:[a-z0-9-]+\\.)*${pattern}`;
  }
  // Not anchored at the end: the author let a port through (localhost:3000); keep that, nothing more.
  if (shape && !shape.anchoredEnd && !pattern.includes('|')) pattern = `${pattern}(?::\\d+)?$`;
  const hardened = hardenRegex(pattern, flags);
  if (hardened === undefined) return undefined;
  const text = m.valueLiteral === 'regex' ? `/${hardened}/${flags}` : quote(hardened);
  return { site: m.valueSite, text, accepts: (o) => regexTest(hardened, flags, o) };
}

function rewriteTest(m: OriginMatcher): Rewrite | undefined {
  const value = m.value;
  if (value === undefined || !m.site || !m.subject || !m.valueSite || !within(m.valueSite, m.site)) return undefined;
  if (m.test !== 'prefix' && m.test !== 'suffix' && m.test !== 'contains') return undefined;
  if (m.part === 'hostname' || m.part === 'host') return hostRewrite(m, value, m.site, m.subject);
  if (m.part !== 'origin') return undefined;
  const parsed = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\.?)([a-z0-9.-]*[a-z0-9])(?::(\d+))?$/i.exec(value);
  if (!parsed) return undefined;
  const [, scheme, leadingDot, host = '', port] = parsed;
  const local = LOCAL_HOST.test(host);
  if (m.test === 'prefix' && scheme && !local && !port) {
    return { site: m.site, text: `${m.subject} === ${quote(value)}`, accepts: (o) => o === value };
  }
  // Without a scheme the test reached for the host wherever it appears: keep its subdomains, not lookalikes.
  const subdomains = leadingDot ? '(?:[a-z0-9-]+\\.)+' : !scheme && m.test !== 'prefix' ? '(?:[a-z0-9-]+\\.)*' : '';
  const portPart = port ? `:${port}` : local ? '(?::\\d+)?' : '';
  const pattern = `^${scheme ? escapeRegex(scheme) : 'https?'}:\\/\\/${subdomains}${escapeRegex(host)}${portPart}$`;
  return { site: m.site, text: `/${pattern}/.test(${m.subject})`, accepts: (o) => regexTest(pattern, '', o) };
}

/** `new URL(origin).hostname.endsWith('example.com')` -> exact host or a real subdomain. */
function hostRewrite(m: OriginMatcher, value: string, site: Site, subject: string): Rewrite {
  const host = value.replace(/^\./, '');
  const exact: OriginMatcher = { test: 'equals', part: m.part, value: host };
  const sub: OriginMatcher = { test: 'suffix', part: m.part, value: '.' + host };
  const text =
    m.test === 'prefix'
      ? `${subject} === ${quote(value)}`
      : value.startsWith('.')
        ? `${subject}.endsWith(${quote(value)})`
        : `(${subject} === ${quote(host)} || ${subject}.endsWith(${quote('.' + host)}))`;
  const accepts = (o: string) =>
    m.test === 'prefix'
      ? testMatcher({ test: 'equals', part: m.part, value }, o) === 'yes'
      : testMatcher(sub, o) === 'yes' || (!value.startsWith('.') && testMatcher(exact, o) === 'yes');
  return { site, text, accepts };
}

function within(inner: Site, outer: Site): boolean {
  return inner.file === outer.file && outer.span[0] <= inner.span[0] && inner.span[1] <= outer.span[1];
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
