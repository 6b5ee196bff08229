// Where things are: engine spans are [start, end) offsets into a file's text; line/column only at the edges.
export type Span = readonly [start: number, end: number];

/** A span in a named file. Settings and checks can live in another file than the policy that uses them. */
export interface Site {
  readonly file: string;
  readonly span: Span;
}
