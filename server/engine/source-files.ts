// Which files are JavaScript/TypeScript sources worth linting, and which folders never hold hand-written code.
// Shared by the walker, the CLI and the editor so all three agree on what a project's sources are.

/** Larger files are generated or bundled; they are skipped without being read. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** A NUL byte this early means binary, whatever the extension says. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

const SOURCE_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'];
const DECLARATION_SUFFIXES = ['.d.ts', '.d.mts', '.d.cts'];

/** Dependencies, VCS data and build output of the common frameworks and deploy tools. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.vercel',
  '.serverless',
  '.aws-sam',
  'coverage',
]);

/** Why a file name is not a lintable source, or undefined when it is one. */
export function notSourceReason(fileName: string): string | undefined {
  const lower = fileName.toLowerCase();
  if (!SOURCE_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'not a JavaScript or TypeScript file';
  if (DECLARATION_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return 'type declaration file';
  if (lower.endsWith('.min.js')) return 'minified file';
  return undefined;
}

export function isSourceFileName(fileName: string): boolean {
  return notSourceReason(fileName) === undefined;
}

export function tooLargeReason(bytes: number): string {
  return `larger than 1 MB (${bytes} bytes)`;
}

/** A short reason for a failed file system call: the error code when there is one (EACCES, ENOENT). */
export function fsErrorReason(action: string, error: unknown): string {
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : undefined;
  if (code) return `${action} (${code})`;
  return `${action} (${error instanceof Error ? error.message : String(error)})`;
}
