import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  clearConfigCache,
  DEFAULT_CONFIG,
  loadConfigFor,
  parseConfigText,
  type ConfigLookup,
} from '../../server/engine/config';
import { isSerializedOrigin } from '../../server/engine/config-schema';
import { makeTree, removeTree } from '../helpers/temp-tree';

const P = '/repo/cors-lint.json';
const KNOWN = 'wildcard-credentials, substring-origin-check, missing-preflight, missing-vary-origin';

function errorOf(lookup: ConfigLookup): string {
  assert.ok('error' in lookup, `expected an error, got ${JSON.stringify(lookup)}`);
  return lookup.error;
}

function parse(value: unknown): ConfigLookup {
  return parseConfigText(JSON.stringify(value), P);
}

describe('config: parsing and validation', () => {
  it('accepts a full config and records its path', () => {
    const lookup = parse({
      $schema: './node_modules/cors-lint/schema.json',
      rules: { 'wildcard-credentials': 'error', 'missing-vary-origin': 'off' },
      trustedOrigins: ['https://app.example.com', 'http://localhost:3000'],
      ignore: ['fixtures/', '**/*.spec.ts'],
    });
    assert.deepEqual(lookup, {
      config: {
        rules: { 'wildcard-credentials': 'error', 'missing-vary-origin': 'off' },
        trustedOrigins: ['https://app.example.com', 'http://localhost:3000'],
        ignore: ['fixtures/', '**/*.spec.ts'],
        path: P,
      },
    });
  });

  it('accepts an empty object as all defaults', () => {
    assert.deepEqual(parse({}), { config: { rules: {}, trustedOrigins: [], ignore: [], path: P } });
  });

  it('names an unknown rule and lists the known ones', () => {
    assert.equal(
      errorOf(parse({ rules: { 'missing-vary': 'error' } })),
      `${P}: "rules.missing-vary" is not a rule (known: ${KNOWN})`,
    );
  });

  it('names a bad severity', () => {
    assert.equal(
      errorOf(parse({ rules: { 'wildcard-credentials': 'warn' } })),
      `${P}: "rules.wildcard-credentials" must be one of "error", "warning", "info", "off", got "warn"`,
    );
    assert.match(errorOf(parse({ rules: { 'missing-preflight': 2 } })), /"rules\.missing-preflight" must be one of .*got number 2$/);
    assert.match(errorOf(parse({ rules: ['wildcard-credentials'] })), /: "rules" must be an object .*got an array$/);
  });

  it('names a trusted origin with a trailing slash, by index', () => {
    assert.equal(
      errorOf(parse({ trustedOrigins: ['https://app.example.com', 'https://x.com/'] })),
      `${P}: "trustedOrigins[1]" must be an origin such as https://app.example.com (no path or trailing slash), got "https://x.com/"`,
    );
    assert.match(errorOf(parse({ trustedOrigins: 'https://x.com' })), /"trustedOrigins" must be an array of origins, got string/);
    assert.match(errorOf(parse({ trustedOrigins: [42] })), /"trustedOrigins\[0\]" must be an origin .*got number 42$/);
  });

  it('names an unknown top-level key and lists the allowed ones', () => {
    assert.equal(errorOf(parse({ rule: {} })), `${P}: unknown key "rule" (allowed: rules, trustedOrigins, ignore)`);
  });

  it('checks $schema and ignore', () => {
    assert.match(errorOf(parse({ $schema: 1 })), /"\$schema" must be a string, got number 1$/);
    assert.match(errorOf(parse({ ignore: 'dist' })), /"ignore" must be an array of glob strings, got string "dist"$/);
    assert.match(errorOf(parse({ ignore: ['ok', ''] })), /"ignore\[1\]" must be a non-empty glob string, got ""$/);
  });

  it('rejects a config that is not an object', () => {
    assert.equal(errorOf(parseConfigText('[]', P)), `${P}: must be a JSON object, got an array`);
    assert.equal(errorOf(parseConfigText('null', P)), `${P}: must be a JSON object, got null`);
  });

  it('reports invalid JSON with line and column', () => {
    const text = '{\n  "rules": {\n    "wildcard-credentials": "error",\n  }\n}\n';
    assert.equal(
      errorOf(parseConfigText(text, P)),
      `${P}:4:3: invalid JSON: expected a double-quoted property name, found "}" (trailing commas are not allowed)`,
    );
    assert.equal(errorOf(parseConfigText('{"rules": {}', P)), `${P}:1:13: invalid JSON: expected ',' or '}', found end of file`);
    assert.equal(errorOf(parseConfigText("{'rules': {}}", P)), `${P}:1:2: invalid JSON: expected a double-quoted property name, found "'"`);
    assert.equal(errorOf(parseConfigText('{} // note', P)), `${P}:1:4: invalid JSON: unexpected text after the JSON value`);
    assert.equal(errorOf(parseConfigText('\r\n\r\n  {"a" 1}', P)), `${P}:3:8: invalid JSON: expected ':' after the property name, found "1"`);
    assert.equal(errorOf(parseConfigText('', P)), `${P}:1:1: invalid JSON: expected a value, found end of file`);
  });

  it('ignores a UTF-8 byte order mark but counts columns from the file start', () => {
    assert.ok('config' in parseConfigText('\uFEFF{"ignore": ["a"]}', P));
    assert.equal(errorOf(parseConfigText('\uFEFF{,}', P)), `${P}:1:3: invalid JSON: expected a double-quoted property name, found ","`);
  });
});

describe('config: serialized origins', () => {
  const valid = ['https://app.example.com', 'http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'https://xn--bcher-kva.example'];
  const invalid = [
    'https://x.com/',
    'https://x.com/path',
    'https://X.com',
    'HTTPS://x.com',
    'https://x.com:443',
    'http://x.com:80',
    'https://x.com:99999',
    'https://x.com:0',
    'x.com',
    '*',
    'null',
    'https://user@x.com',
    ' https://x.com',
    'https://*.x.com',
    'https://x.com?q',
    'https://bücher.example',
    '',
  ];
  for (const origin of valid) it(`accepts ${origin}`, () => assert.equal(isSerializedOrigin(origin), true));
  for (const origin of invalid) it(`rejects ${JSON.stringify(origin)}`, () => assert.equal(isSerializedOrigin(origin), false));
});

describe('config: finding the nearest cors-lint.json', () => {
  let root: string;
  beforeEach(() => {
    clearConfigCache();
    root = makeTree({
      'cors-lint.json': JSON.stringify({ rules: { 'missing-preflight': 'off' } }),
      'api/cors-lint.json': JSON.stringify({ trustedOrigins: ['https://api.example.com'] }),
      'api/routes/deep/app.js': '',
      'web/app.js': '',
    });
  });
  afterEach(() => removeTree(root));

  it('uses the nearest ancestor, not a merge of all of them', () => {
    const api = loadConfigFor(path.join(root, 'api/routes/deep/app.js'));
    assert.deepEqual(api, {
      config: { rules: {}, trustedOrigins: ['https://api.example.com'], ignore: [], path: path.join(root, 'api/cors-lint.json') },
    });
    const web = loadConfigFor(path.join(root, 'web/app.js'));
    assert.ok('config' in web);
    assert.deepEqual(web.config.rules, { 'missing-preflight': 'off' });
    assert.equal(web.config.path, path.join(root, 'cors-lint.json'));
  });

  it('finds a config in the file’s own folder', () => {
    const lookup = loadConfigFor(path.join(root, 'api/app.js'));
    assert.ok('config' in lookup);
    assert.equal(lookup.config.path, path.join(root, 'api/cors-lint.json'));
  });

  it('returns the defaults when no folder up to the root has one', () => {
    const bare = makeTree({ 'src/app.js': '' });
    try {
      assert.deepEqual(loadConfigFor(path.join(bare, 'src/app.js')), { config: DEFAULT_CONFIG });
    } finally {
      removeTree(bare);
    }
  });

  it('caches per folder until the cache is cleared', () => {
    const file = path.join(root, 'web/app.js');
    const first = loadConfigFor(file);
    fs.writeFileSync(path.join(root, 'cors-lint.json'), '{"rules": {"nope": "off"}}');
    fs.writeFileSync(path.join(root, 'web/cors-lint.json'), '{}');
    assert.equal(loadConfigFor(file), first, 'same object from the cache');
    clearConfigCache();
    const after = loadConfigFor(file);
    assert.ok('config' in after);
    assert.equal(after.config.path, path.join(root, 'web/cors-lint.json'));
    fs.rmSync(path.join(root, 'web/cors-lint.json'));
    clearConfigCache();
    assert.match(errorOf(loadConfigFor(file)), /cors-lint\.json: "rules\.nope" is not a rule/);
  });

  it('shares one parsed config among all folders under it', () => {
    const a = loadConfigFor(path.join(root, 'api/routes/deep/app.js'));
    const b = loadConfigFor(path.join(root, 'api/routes/other.js'));
    assert.equal(a, b);
  });

  it('reports a broken config file by its path', () => {
    fs.writeFileSync(path.join(root, 'api/cors-lint.json'), '{"trustedOrigins": ["https://x.com/"]}');
    const message = errorOf(loadConfigFor(path.join(root, 'api/app.js')));
    assert.ok(message.startsWith(`${path.join(root, 'api/cors-lint.json')}: "trustedOrigins[0]"`), message);
  });

  it('reports a cors-lint.json that is a folder', () => {
    fs.mkdirSync(path.join(root, 'web/cors-lint.json'));
    assert.equal(errorOf(loadConfigFor(path.join(root, 'web/app.js'))), `${path.join(root, 'web/cors-lint.json')}: is not a file`);
  });
});
