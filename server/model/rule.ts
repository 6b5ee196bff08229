// What a rule is: metadata plus a pure check from one policy to problems. Rules see only the model.
import type { Fix } from './fix';
import type { CorsPolicy } from './policy';
import type { Site } from './span';

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  readonly message: string;
  readonly site: Site;
  /** Where the policy's own code reaches `site` when that is in another file (a helper call). */
  readonly via?: Site;
  /** Overrides the rule's default when one rule covers cases of different weight. */
  readonly severity?: Severity;
  readonly fixes: readonly Fix[];
}

export interface Rule {
  /** Stable id, equal to the rule's file name; other tools and configs depend on it. */
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  check(policy: CorsPolicy): readonly Problem[];
}
