// The UI test: the packaged .vsix installed into code-server, driven through Debian's chromium as a person would.
//   1. open express/partners.js: the squiggle, and the Problems row naming missing-vary-origin;
//   2. the light bulb, Ctrl+. and "Add Vary: Origin", Ctrl+S: the file on disk is what `cors-lint --fix` writes;
//   3. "CORS Lint: Scan Workspace" from the command palette: the Problems panel lists a file never opened.
// Usage: node e2e/ui.mjs <extension.vsix> <workspace copy> <output folder>. Screenshots of failures land in the
// output folder. Prints `N passed, N failed`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { installExtension, launchChromium, startCodeServer } from './harness.mjs';

const [vsix, workspace, out] = process.argv.slice(2).map((p) => path.resolve(p));
if (!vsix || !workspace || !out) {
  console.error('usage: node e2e/ui.mjs <extension.vsix> <workspace copy> <output folder>');
  process.exit(2);
}
const repo = path.resolve(import.meta.dirname, '..');
const FILE = path.join(workspace, 'express', 'partners.js');
const NEVER_OPENED = 'legacy-export.js';
const t0 = Date.now();
const log = (...args) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...args);

/** What the CLI's --fix makes of the file: the editor's quick-fix must write exactly this. */
function cliFixed(file) {
  const dir = fs.mkdtempSync(path.join(out, 'cli-fix-'));
  const copy = path.join(dir, path.basename(file));
  fs.copyFileSync(file, copy);
  execFileSync(process.execPath, [path.join(repo, 'server', 'out', 'cli.js'), '--fix', dir], { stdio: 'ignore' });
  return fs.readFileSync(copy, 'utf8');
}

fs.mkdirSync(out, { recursive: true });
const expected = cliFixed(FILE);
const userDataDir = path.join(out, 'user-data');
const extensionsDir = path.join(out, 'extensions');
installExtension(vsix, { userDataDir, extensionsDir });
const server = await startCodeServer({ folder: workspace, userDataDir, extensionsDir, log: path.join(out, 'code-server.log') });
const browser = await launchChromium();
const { page } = browser;
page.setDefaultTimeout(60_000);
const results = [];

async function test(name, body) {
  try {
    await body();
    results.push(true);
    log(`PASS ${name}`);
  } catch (e) {
    results.push(false);
    const shot = path.join(out, `failure-${results.length}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    fs.writeFileSync(shot.replace(/\.png$/, '.html'), await page.content().catch(() => ''));
    console.error(`FAIL ${name}\n${e instanceof Error ? e.stack : e}\nscreenshot and DOM: ${shot}, .html`);
  }
}

const problemsRow = (text) => page.locator('.markers-panel .monaco-list-row', { hasText: text });
const editorLines = page.locator('.monaco-editor .view-lines').first();

try {
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor();
  log('workbench loaded');

  await test('squiggle, Problems row, light bulb, Add Vary: Origin, save', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'express' }).first().click();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'partners.js' }).dblclick();
    await page.locator('.monaco-editor .view-lines', { hasText: 'PARTNER_ORIGINS' }).waitFor();
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 120_000 });
    log('squiggle visible');

    await editorLines.click();
    await page.keyboard.press('Control+Shift+M');
    const row = problemsRow('missing-vary-origin').first();
    await row.waitFor();
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    log('Problems row:', JSON.stringify(text));
    if (!text.includes('no Vary: Origin') || !text.includes('[Ln 6, Col 44]')) throw new Error(`unexpected Problems row: ${text}`);

    // F8 puts the cursor on the problem; wait for the preferred-fix light bulb before asking for the menu, since
    // the first request can race the built-in TypeScript extension loading its project.
    await editorLines.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    await page.locator('.marker-widget').first().waitFor();
    await page.keyboard.press('Escape');
    const bulb = page.locator('.monaco-editor .lightBulbWidget, .monaco-editor [class*="codicon-gutter-lightbulb"]').first();
    await bulb.waitFor({ timeout: 120_000 });
    const bulbClass = await bulb.getAttribute('class');
    log('light bulb shown:', bulbClass);
    // The auto-fix variant is the one VS Code shows when a preferred fix is available.
    if (!/auto-?fix/.test(bulbClass ?? '')) throw new Error(`the light bulb does not offer a preferred fix: ${bulbClass}`);
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Add Vary: Origin' });
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await item.waitFor({ timeout: 15_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        log(`quick-fix menu not shown (attempt ${attempt}), retrying`);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(2_000);
      }
    }
    await page.screenshot({ path: path.join(out, 'quick-fix-menu.png') });
    // The menu opens with the preferred fix focused; Enter applies it, as a keyboard user would.
    const focused = (await page.locator('.action-widget .monaco-list-row.focused').innerText()).trim();
    if (focused !== 'Add Vary: Origin') throw new Error(`the focused fix is "${focused}", not the preferred one`);
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines', { hasText: "res.vary('Origin')" }).waitFor();
    await page.keyboard.press('Control+S');
    for (const deadline = Date.now() + 30_000; fs.readFileSync(FILE, 'utf8') !== expected && Date.now() < deadline; ) await page.waitForTimeout(250);
    const disk = fs.readFileSync(FILE, 'utf8');
    if (disk !== expected) throw new Error(`the file on disk is not what cors-lint --fix writes:\n${disk}\n--- expected ---\n${expected}`);
    log('saved; the file on disk matches cors-lint --fix');
    await problemsRow('missing-vary-origin').first().waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'detached', timeout: 30_000 });
  });

  await test('CORS Lint: Scan Workspace lists a file never opened', async () => {
    if ((await problemsRow(NEVER_OPENED).count()) > 0) throw new Error(`${NEVER_OPENED} is listed before the scan`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.keyboard.type('CORS Lint: Scan Workspace');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'CORS Lint: Scan Workspace' }).first().waitFor();
    await page.keyboard.press('Enter');
    const row = problemsRow(NEVER_OPENED).first();
    await row.waitFor({ timeout: 60_000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'wildcard-credentials' }).first().waitFor();
    log('Problems panel lists', NEVER_OPENED);
    await page.screenshot({ path: path.join(out, 'after-scan.png') });
  });
} finally {
  await browser.close();
  server.stop();
}
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length && results.length > 0 ? 0 : 1);
