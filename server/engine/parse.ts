// Screening and parsing: decides which texts are worth parsing and parses them with typescript-estree.
import { parse, type TSESTreeOptions } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import * as path from 'node:path';

export const MAX_FILE_BYTES = 1024 * 1024;

export const SOURCE_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'] as const;

/**
 * Only files that mention CORS, a CORS header or an origin can hold CORS configuration; everything else is
 * answered without a parse. Imported files are parsed on demand whatever they say.
 */
export const CORS_PREFILTER = /cors|access-control-allow|\borigin\b/i;

/**
 * Past 256 KiB a file is far more often a library bundle than a server, and `origin` is a common word in
 * libraries: such a file is parsed only when it names a CORS header, a CORS package or a `cors` option outright.
 */
const LARGE_FILE_CHARS = 256 * 1024;
const CORS_EVIDENCE = /access-control-allow|enableCors|\bcors\s*[:(]|['"](?:@[\w.-]+\/)?[\w./-]*cors['"]/i;

/** Whether a text could hold CORS configuration; the rest is answered without a parse. */
export function mayHoldCors(text: string): boolean {
  return CORS_PREFILTER.test(text) && (text.length <= LARGE_FILE_CHARS || CORS_EVIDENCE.test(text));
}

/** Why a text is not worth linting, or undefined when it is. Cheap: never parses. */
export function screenText(text: string): string | undefined {
  if (text.length > MAX_FILE_BYTES) return `larger than 1 MB (${Math.round(text.length / 1024)} KB)`;
  if (text.slice(0, 8192).includes('\u0000')) return 'binary file';
  if (looksMinified(text)) return 'minified or generated code';
  return undefined;
}

function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 300;
}

export type ParseResult =
  | { readonly ok: true; readonly ast: TSESTree.Program }
  | { readonly ok: false; readonly reason: string; readonly offset?: number };

export function isSourcePath(filePath: string): boolean {
  return (SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(filePath).toLowerCase());
}

/**
 * What typescript-estree is asked for: ranges but no line/column objects, JSX in .jsx/.tsx and plain JavaScript
 * files but never in .ts/.mts/.cts (type assertions), and comments only where a `cors-lint-` directive could be:
 * collecting them rescans the whole text, a quarter of the parse.
 */
export function parseOptions(text: string, filePath: string): TSESTreeOptions {
  const jsx = !['.ts', '.mts', '.cts'].includes(path.extname(filePath).toLowerCase());
  return { jsx, range: true, loc: false, comment: text.includes('cors-lint-'), errorOnUnknownASTType: false };
}

export function parseSource(text: string, filePath: string): ParseResult {
  try {
    const ast = parse(text, parseOptions(text, filePath));
    return { ok: true, ast };
  } catch (error) {
    const e = error as { message?: string; index?: number; lineNumber?: number; column?: number };
    const where = e.lineNumber !== undefined ? ` at line ${e.lineNumber}` : '';
    return { ok: false, reason: `syntax error${where}: ${firstLine(e.message ?? String(error))}`, offset: e.index };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
