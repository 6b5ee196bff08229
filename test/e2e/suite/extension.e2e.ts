// cors-lint in a real editor: diagnostics for each core rule with their codes and ranges, quick-fixes that remove
// them and leave code that parses, the policy hover, the workspace scan, and corsLint.enable. The fixture workspace
// (test/e2e/workspace, copied per run) holds one known problem per file.
import * as assert from 'node:assert/strict';
import { parse } from '@typescript-eslint/typescript-estree';
import * as vscode from 'vscode';
import { corsDiagnostics, diagnosticsWhen, EXTENSION_ID, open, quickFixes, ruleOf, rulesOf, workspaceFile } from './editor';

/** One file's problem: where the squiggle is (its text and line) and the fix that removes it. */
const CASES = [
  { file: 'express/server.js', rule: 'wildcard-credentials', line: 8, text: 'true', severity: vscode.DiagnosticSeverity.Error, fix: 'Stop allowing credentials' },
  { file: 'express/partners.js', rule: 'missing-vary-origin', line: 6, text: 'origin', severity: vscode.DiagnosticSeverity.Warning, fix: 'Add Vary: Origin' },
  { file: 'fastify/app.ts', rule: 'substring-origin-check', line: 8, text: "origin.endsWith('example.com')", severity: vscode.DiagnosticSeverity.Error, fix: 'exact' },
  { file: 'serverless/src/update-profile.js', rule: 'missing-preflight', line: 3, text: 'handler', severity: vscode.DiagnosticSeverity.Warning, fix: 'cors: true' },
] as const;

const NEVER_OPENED = 'reports/legacy-export.js';

describe('cors-lint in the editor', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await extension.activate();
  });

  for (const c of CASES) {
    it(`${c.rule}: reported in ${c.file} at line ${c.line} with the rule's code and link`, async () => {
      const doc = await open(c.file);
      const [diagnostic, ...others] = await diagnosticsWhen(doc.uri, (ds) => ds.length > 0, `diagnostics for ${c.file}`);
      assert.ok(diagnostic);
      assert.deepEqual(others, [], 'one problem per fixture file');
      assert.equal(ruleOf(diagnostic), c.rule);
      assert.equal(diagnostic.severity, c.severity);
      assert.equal(diagnostic.range.start.line + 1, c.line);
      assert.equal(doc.getText(diagnostic.range), c.text);
      const code = diagnostic.code as { target: vscode.Uri };
      assert.equal(code.target.fragment, c.rule, 'the code links to the rule section of the README');
    });
  }

  it('hover on the cors() call shows the effective policy, library defaults included', async () => {
    const doc = await open('express/server.js');
    const at = doc.positionAt(doc.getText().indexOf('cors({') + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n')
      .replace(/\*\*/g, ''); // markdown bold
    assert.match(text, /cors\(\) middleware/);
    assert.ok(text.includes("Allowed origins: any origin (the request's Origin is echoed back)"), text);
    assert.match(text, /Credentials: allowed/);
    assert.match(text, /OPTIONS preflight: answered/);
    assert.match(text, /\(default\)/);
  });

  for (const c of CASES) {
    it(`${c.rule}: the quick-fix removes the problem and leaves code that parses`, async () => {
      const doc = await open(c.file);
      const [diagnostic] = await diagnosticsWhen(doc.uri, (ds) => ds.length > 0, `diagnostics for ${c.file}`);
      assert.ok(diagnostic);
      const actions = await quickFixes(doc.uri, diagnostic.range);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes(`Disable ${c.rule} for this line`), `${titles.join(' | ')}`);
      const fix = actions.find((a) => a.title.includes(c.fix) || (c.fix === 'exact' && /exact/i.test(a.title)));
      assert.ok(fix?.edit, `a fix matching "${c.fix}" among: ${titles.join(' | ')}`);
      assert.equal(fix.isPreferred === true, c.rule === 'missing-vary-origin', 'only the safe fix is preferred');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      // A fix may edit another file (serverless.yml for the preflight): save what it touched, as a user would.
      for (const [uri] of fix.edit.entries()) {
        const touched = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (touched?.isDirty && uri.toString() !== doc.uri.toString()) assert.ok(await touched.save());
      }
      await diagnosticsWhen(doc.uri, (ds) => ds.length === 0, `${c.file} clean after "${fix.title}"`);
      assert.doesNotThrow(() => parse(doc.getText(), { jsx: false, loc: true }), `${c.file} parses after the fix:\n${doc.getText()}`);
    });
  }

  it('the workspace scan publishes diagnostics for a file never opened', async () => {
    const uri = workspaceFile(NEVER_OPENED);
    assert.equal(vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), false);
    assert.deepEqual(corsDiagnostics(uri), []);
    const summary = await vscode.commands.executeCommand<{ files: number; total: number; cancelled: boolean }>('corsLint.scanWorkspace');
    assert.equal(summary?.total, 5, `the workspace's five sources (${JSON.stringify(summary)})`);
    assert.equal(summary.files, summary.total, 'progress reached every file');
    assert.equal(summary.cancelled, false);
    const [found] = await diagnosticsWhen(uri, (ds) => ds.length > 0, 'scan diagnostics for the unopened file');
    assert.ok(found);
    assert.equal(ruleOf(found), 'wildcard-credentials');
    assert.equal(found.range.start.line + 1, 5);
  });

  it('corsLint.enable: false clears every cors-lint diagnostic, and true brings them back', async () => {
    const doc = await open('express/server.js');
    await vscode.commands.executeCommand('workbench.action.files.revert'); // the quick-fix test above edited it
    await diagnosticsWhen(doc.uri, (ds) => rulesOf(ds).includes('wildcard-credentials'), 'the reverted file linted again');
    const config = vscode.workspace.getConfiguration('corsLint');
    try {
      await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await diagnosticsWhen(doc.uri, (ds) => ds.length === 0, 'cleared in the open file');
      await diagnosticsWhen(workspaceFile(NEVER_OPENED), (ds) => ds.length === 0, 'cleared in the scanned file');
    } finally {
      await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await diagnosticsWhen(doc.uri, (ds) => rulesOf(ds).includes('wildcard-credentials'), 'back when enabled again');
  });
});
