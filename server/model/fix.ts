// A fix is plain data: text edits, and whether a tool may apply it without a person choosing it.
import type { Span } from './span';

export interface Edit {
  /** Absolute path of the file to edit (fixes may reach into an imported options module). */
  readonly file: string;
  readonly span: Span;
  readonly text: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly Edit[];
  /**
   * Safe fixes keep who may call the API unchanged (adding `Vary: Origin`) and may be applied by `--fix` and
   * fix-on-save. Anything else is a suggestion that only a person applies.
   */
  readonly safe: boolean;
}
