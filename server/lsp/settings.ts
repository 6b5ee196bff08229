// Editor settings: `corsLint.enable` and `corsLint.run`, pulled per document with workspace/configuration (so a
// folder of a multi-root workspace can differ) and cached until the client says they changed. Settings only steer
// the editor; what the rules find is configured by cors-lint.json in the repository.

export interface Settings {
  readonly enable: boolean;
  readonly run: 'onType' | 'onSave';
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType' };

/** Reads untyped client JSON; anything malformed falls back to the default for that key. */
export function readSettings(value: unknown): Settings {
  const section = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    enable: typeof section.enable === 'boolean' ? section.enable : DEFAULT_SETTINGS.enable,
    run: section.run === 'onSave' ? 'onSave' : 'onType',
  };
}

/** Server options from `initializationOptions`: the debounce (tests and the bench set 0). */
export interface ServerOptions {
  readonly debounceMs: number;
}

export const DEFAULT_DEBOUNCE_MS = 150;

export function readServerOptions(value: unknown): ServerOptions {
  const options = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const debounce = options.debounceMs;
  const valid = typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0;
  return { debounceMs: valid ? debounce : DEFAULT_DEBOUNCE_MS };
}

export interface SettingsSource {
  /** The settings governing a document or folder URI. */
  get(scopeUri: string): Promise<Settings>;
  /** Forgets cached answers; `pushed` is the `settings` of a didChangeConfiguration, for clients that cannot be asked. */
  changed(pushed: unknown): void;
}

/** `ask` sends workspace/configuration; undefined when the client does not support it. */
export function createSettingsSource(ask: ((scopeUri: string) => Promise<unknown>) | undefined): SettingsSource {
  const cache = new Map<string, Promise<Settings>>();
  let pushed: Settings = DEFAULT_SETTINGS;
  return {
    get(scopeUri) {
      if (!ask) return Promise.resolve(pushed);
      let settings = cache.get(scopeUri);
      if (!settings) {
        // A client that fails to answer gets the defaults rather than a server that stops linting.
        settings = ask(scopeUri).then(readSettings, () => DEFAULT_SETTINGS);
        cache.set(scopeUri, settings);
      }
      return settings;
    },
    changed(value) {
      cache.clear();
      const section = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).corsLint : undefined;
      pushed = readSettings(section);
    },
  };
}
