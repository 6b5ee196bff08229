// Logging to the client's output channel (connection.console), and `guard`, which every handler and timer runs
// inside so that an exception anywhere (an adapter meeting code it never saw) is logged, never fatal.

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What `connection.console` offers; a structural type so tests and the bench can pass their own. */
export interface ConsoleLike {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLog(console: ConsoleLike): Log {
  return {
    info: (m) => console.info(m),
    warn: (m) => console.warn(m),
    error: (m) => console.error(m),
  };
}

/** Message and stack: the stack is what lets a user's bug report point at the adapter that threw. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Wraps a handler: a throw or a rejected promise is logged with `where` and answered with `fallback` (null for
 * requests, undefined for notifications), so one bad request never takes the server down.
 */
export function guard<A extends unknown[], R>(
  log: Log,
  where: string,
  fallback: R,
  handler: (...args: A) => R | PromiseLike<R>,
): (...args: A) => R | Promise<R> {
  const fail = (error: unknown): R => {
    log.error(`cors-lint: ${where} failed: ${describeError(error)}`);
    return fallback;
  };
  return (...args: A) => {
    try {
      const result = handler(...args);
      return isPromiseLike(result) ? Promise.resolve(result).catch(fail) : result;
    } catch (error) {
      return fail(error);
    }
  };
}

function isPromiseLike<R>(value: R | PromiseLike<R>): value is PromiseLike<R> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
