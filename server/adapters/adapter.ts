// What an adapter is: a reader of one framework family's syntax that yields CORS policies, library defaults included.
import type { AnalysisContext } from '../engine/origin-reads';
import type { CorsPolicy } from '../model/policy';

export interface Adapter {
  readonly name: string;
  /** Every CORS setup this framework family has in the file being linted (`ctx.file`). */
  policies(ctx: AnalysisContext): readonly CorsPolicy[];
}
