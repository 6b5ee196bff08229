// The project's own invariants: every rule has its file, tests and fixtures; the README documents exactly the
// registered rules; and the import boundaries between model, rules, adapters and engine hold.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../rules';
import { fixtureCases } from './helpers/fixtures';

const root = path.join(__dirname, '..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

function sourcesUnder(rel: string): string[] {
  const dir = path.join(root, rel);
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.split(path.sep).includes('out'))
    .map((f) => path.join(rel, f));
}

/** Relative import specifiers of a file, resolved to paths relative to the project root. */
function localImports(rel: string): string[] {
  const text = read(rel);
  const specs = [...text.matchAll(/(?:from|import|require\()\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1] as string);
  return specs.map((s) => path.relative(root, path.resolve(root, path.dirname(rel), s)));
}

function bareImports(rel: string): string[] {
  return [...read(rel).matchAll(/from\s+['"]([^.'"][^'"]*)['"]/g)].map((m) => m[1] as string);
}

describe('project invariants', () => {
  for (const rule of rules) {
    it(`rule ${rule.id} has its module, test file and enough fixtures both ways`, () => {
      assert.ok(fs.existsSync(path.join(root, 'rules', `${rule.id}.ts`)), 'rules/<id>.ts');
      assert.ok(fs.existsSync(path.join(root, 'test', 'rules', `${rule.id}.test.ts`)), 'test/rules/<id>.test.ts');
      const cases = fixtureCases(path.join(root, 'test', 'fixtures', rule.id)).map((p) => path.basename(p));
      const valid = cases.filter((c) => c.startsWith('valid-'));
      assert.ok(valid.length >= 15, `${valid.length} near-miss negative fixtures`);
      assert.ok(cases.length - valid.length >= 15, `${cases.length - valid.length} positive fixtures`);
    });
  }

  it('rule ids are unique and equal their file names', () => {
    const files = fs.readdirSync(path.join(root, 'rules')).filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual([...files].sort(), rules.map((r) => r.id).sort());
  });

  it('the README rule table lists exactly the registered rules', () => {
    const table = [...read('README.md').matchAll(/^\| \[([a-z-]+)\]\(#\1\)/gm)].map((m) => m[1]);
    assert.deepEqual(table, rules.map((r) => r.id));
    for (const rule of rules) assert.match(read('README.md'), new RegExp(`^### ${rule.id}$`, 'm'), `a README section for ${rule.id}`);
  });

  it('rules import only the model', () => {
    for (const file of sourcesUnder('rules')) {
      for (const target of localImports(file)) {
        assert.ok(target.startsWith('server/model/') || target.startsWith('rules/'), `${file} imports ${target}`);
      }
    }
  });

  it('the model imports nothing from the engine, adapters or rules', () => {
    for (const file of sourcesUnder('server/model')) {
      for (const target of localImports(file)) assert.ok(target.startsWith('server/model/'), `${file} imports ${target}`);
      for (const pkg of bareImports(file)) assert.ok(pkg === '@eslint-community/regexpp', `${file} imports ${pkg}`);
    }
  });

  it('adapters never decide what is wrong: no adapter imports a rule', () => {
    for (const file of sourcesUnder('server/adapters')) {
      for (const target of localImports(file)) assert.ok(!target.startsWith('rules'), `${file} imports ${target}`);
    }
  });

  it('the engine reaches adapters and rules only through the lint pipeline', () => {
    for (const file of sourcesUnder('server/engine')) {
      // The pipeline itself, and the config validator that needs the rule ids.
      if (['lint.ts', 'config-schema.ts'].includes(path.basename(file))) continue;
      for (const target of localImports(file)) {
        assert.ok(!target.startsWith('rules') && !target.startsWith('server/adapters'), `${file} imports ${target}`);
      }
    }
  });
});
