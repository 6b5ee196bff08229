// The tool's identity as reports state it: name, version and home page come from package.json, one source.
import packageJson from '../../package.json';

export const TOOL_NAME = 'cors-lint';
export const TOOL_VERSION: string = packageJson.version;
export const TOOL_HOME = 'https://github.com/cors-lint/cors-lint';

/** Where a rule is documented: its anchor in the README's rule table. */
export function ruleHelpUri(ruleId: string): string {
  return `${TOOL_HOME}#${ruleId}`;
}
