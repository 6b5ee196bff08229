// Validates SARIF against the official 2.1.0 schema (the rtm.5 JSON schema shipped in @microsoft/jest-sarif),
// with ajv's draft-04 build because that schema is draft-04.
import Ajv from 'ajv-draft-04';
import schema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

// The schema's language-tag pattern has a stray `]` that only non-unicode regexes accept.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(schema);

/** Schema violations as readable lines; empty when the log is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
