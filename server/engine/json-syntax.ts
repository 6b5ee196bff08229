// Finds where strict JSON text first goes wrong. Node 20's JSON.parse names no position, and a config
// error is only useful with a line and column, so this small scanner locates the first error itself.

export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

const MAX_DEPTH = 512;

/** The first syntax error in `text` (strict JSON: no comments, no trailing commas), or undefined if valid. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = { text, pos: 0 };
  try {
    skipSpace(scanner);
    scanValue(scanner, 0);
    skipSpace(scanner);
    if (scanner.pos < text.length) fail(scanner, 'unexpected text after the JSON value');
    return undefined;
  } catch (e) {
    if (isSyntaxError(e)) return e;
    throw e;
  }
}

interface Scanner {
  readonly text: string;
  pos: number;
}

function isSyntaxError(e: unknown): e is JsonSyntaxError {
  return typeof e === 'object' && e !== null && 'offset' in e && 'message' in e && !(e instanceof Error);
}

function fail(s: Scanner, message: string): never {
  const error: JsonSyntaxError = { offset: s.pos, message };
  throw error;
}

function describe(s: Scanner): string {
  return s.pos >= s.text.length ? 'end of file' : JSON.stringify(s.text[s.pos]);
}

function skipSpace(s: Scanner): void {
  while (s.pos < s.text.length && ' \t\n\r'.includes(s.text[s.pos] as string)) s.pos++;
}

function scanValue(s: Scanner, depth: number): void {
  if (depth > MAX_DEPTH) fail(s, 'nested too deeply');
  const c = s.text[s.pos];
  if (c === '{') return scanObject(s, depth);
  if (c === '[') return scanArray(s, depth);
  if (c === '"') return scanString(s);
  if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return scanNumber(s);
  for (const word of ['true', 'false', 'null']) {
    if (s.text.startsWith(word, s.pos)) {
      s.pos += word.length;
      return;
    }
  }
  fail(s, `expected a value, found ${describe(s)}`);
}

function scanObject(s: Scanner, depth: number): void {
  s.pos++;
  skipSpace(s);
  if (s.text[s.pos] === '}') {
    s.pos++;
    return;
  }
  for (;;) {
    skipSpace(s);
    if (s.text[s.pos] !== '"') {
      const hint = s.text[s.pos] === '}' ? ' (trailing commas are not allowed)' : '';
      fail(s, `expected a double-quoted property name, found ${describe(s)}${hint}`);
    }
    scanString(s);
    skipSpace(s);
    if (s.text[s.pos] !== ':') fail(s, `expected ':' after the property name, found ${describe(s)}`);
    s.pos++;
    skipSpace(s);
    scanValue(s, depth + 1);
    skipSpace(s);
    const next = s.text[s.pos];
    if (next === '}') {
      s.pos++;
      return;
    }
    if (next !== ',') fail(s, `expected ',' or '}', found ${describe(s)}`);
    s.pos++;
  }
}

function scanArray(s: Scanner, depth: number): void {
  s.pos++;
  skipSpace(s);
  if (s.text[s.pos] === ']') {
    s.pos++;
    return;
  }
  for (;;) {
    skipSpace(s);
    if (s.text[s.pos] === ']') fail(s, 'expected a value, found "]" (trailing commas are not allowed)');
    scanValue(s, depth + 1);
    skipSpace(s);
    const next = s.text[s.pos];
    if (next === ']') {
      s.pos++;
      return;
    }
    if (next !== ',') fail(s, `expected ',' or ']', found ${describe(s)}`);
    s.pos++;
  }
}

function scanString(s: Scanner): void {
  const start = s.pos;
  s.pos++;
  while (s.pos < s.text.length) {
    const code = s.text.charCodeAt(s.pos);
    if (code === 34 /* " */) {
      s.pos++;
      return;
    }
    if (code < 0x20) fail(s, 'control character in a string (escape it, e.g. \\n)');
    if (code === 92 /* \ */) {
      const esc = s.text[s.pos + 1];
      if (esc === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(s.text.slice(s.pos + 2, s.pos + 6))) fail(s, 'invalid \\u escape');
        s.pos += 6;
        continue;
      }
      if (esc === undefined || !'"\\/bfnrt'.includes(esc)) fail(s, 'invalid escape in a string');
      s.pos += 2;
      continue;
    }
    s.pos++;
  }
  s.pos = start;
  fail(s, 'unterminated string');
}

function scanNumber(s: Scanner): void {
  const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  match.lastIndex = s.pos;
  const m = match.exec(s.text);
  if (!m || m[0] === '-') fail(s, 'invalid number');
  s.pos += m[0].length;
}
