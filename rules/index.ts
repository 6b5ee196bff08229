// The rule registry. A rule's id equals its file name; the README's rule table lists exactly these.
import type { Rule } from '../server/model/rule';
import { missingPreflight } from './missing-preflight';
import { missingVaryOrigin } from './missing-vary-origin';
import { substringOriginCheck } from './substring-origin-check';
import { wildcardCredentials } from './wildcard-credentials';

export const rules: readonly Rule[] = [wildcardCredentials, substringOriginCheck, missingPreflight, missingVaryOrigin];

export const ruleIds: readonly string[] = rules.map((r) => r.id);
