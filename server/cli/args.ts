// Command-line arguments -> what to do. Hand-rolled because the grammar is tiny and the messages matter:
// every mistake gets one line saying what was wrong, and the caller exits 2.

export type OutputFormat = 'text' | 'json' | 'sarif';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface CliOptions {
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly ignore: readonly string[];
  readonly fix: boolean;
}

export type ParsedArgs =
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string };

export const HELP_TEXT = `Usage: cors-lint [options] [paths...]

Finds CORS misconfigurations in JavaScript and TypeScript server code.
Paths are files or folders (default: the current folder).

Options:
  -f, --format <text|json|sarif>  Output format (default: text)
      --ignore <glob>             Skip matching files, gitignore-style, relative to the
                                  current folder (repeatable)
      --fix                       Apply safe fixes (they never change who may call the API)
  -h, --help                      Show this help
  -v, --version                   Show the version

Exit status: 0 no errors found, 1 errors found, 2 usage or configuration error.
Settings: cors-lint.json in the file's folder or any folder above it.
`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const paths: string[] = [];
  const ignore: string[] = [];
  let format: OutputFormat = 'text';
  let fix = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inlineValue = eq === -1 ? undefined : arg.slice(eq + 1);
    const takeValue = (): string | undefined => {
      if (inlineValue !== undefined) return inlineValue;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) return undefined;
      i++;
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '-v':
      case '--version':
        return { kind: 'version' };
      case '--fix':
        if (inlineValue !== undefined) return usage(`--fix takes no value`);
        fix = true;
        break;
      case '-f':
      case '--format': {
        const value = takeValue();
        if (value === undefined) return usage(`${name} needs a value: ${OUTPUT_FORMATS.join(', ')}`);
        if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
          return usage(`${name} must be one of ${OUTPUT_FORMATS.join(', ')}, got ${JSON.stringify(value)}`);
        }
        format = value as OutputFormat;
        break;
      }
      case '--ignore': {
        const value = takeValue();
        if (value === undefined || value === '') return usage(`--ignore needs a glob`);
        ignore.push(value);
        break;
      }
      default:
        return usage(`unknown option ${JSON.stringify(name)}`);
    }
  }
  return { kind: 'run', options: { paths: paths.length > 0 ? paths : ['.'], format, ignore, fix } };
}

function usage(message: string): ParsedArgs {
  return { kind: 'usage-error', message };
}
