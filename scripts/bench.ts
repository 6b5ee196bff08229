// npm run bench: engine speed against its physical limits, measured in the same run, no network.
//   tree: lint every JS/TS file under node_modules (the corpus) vs. reading them all and parsing only those a
//         prefilter keeps; file: lint one 2,000-line file in a warm process vs. typescript-estree's own parse().
import { parse } from '@typescript-eslint/typescript-estree';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../server/engine/config';
import { createDiskHost } from '../server/engine/disk-host';
import { lintText } from '../server/engine/lint';
import { createProject } from '../server/engine/modules';
import { CORS_PREFILTER, parseOptions, SOURCE_EXTENSIONS } from '../server/engine/parse';
import { benchEditor } from './bench-editor';

const root = path.resolve(__dirname, '..', '..');
const corpusRoot = process.env.BENCH_CORPUS ?? path.join(root, 'node_modules');

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) corpusFiles(full, out);
    else if (entry.isFile() && (SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(entry.name)) && !/\.d\.[mc]?ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

function seconds(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

// The limit's parse is typescript-estree's own, with exactly the options the linter passes for that text.
function parseLikeLint(text: string, file: string) {
  return parse(text, parseOptions(text, file));
}

function benchTree(files: string[]): void {
  // The limit: read everything, keep what could hold CORS configuration (under 256 KiB), parse only that.
  let t = process.hrtime.bigint();
  let bytes = 0;
  let kept = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    bytes += text.length;
    if (text.length < 256 * 1024 && CORS_PREFILTER.test(text)) {
      kept++;
      try {
        parseLikeLint(text, file);
      } catch {
        // Files that do not parse cost their attempt, as they do in the linter.
      }
    }
  }
  const limit = seconds(t);

  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const project = createProject(createDiskHost());
  const counts = { linted: 0, skipped: 0, findings: 0, errors: 0 };
  t = process.hrtime.bigint();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const result = lintText(file, text, { config: DEFAULT_CONFIG, host: project.host, project, onError: () => counts.errors++ });
    if (result.kind === 'skipped') counts.skipped++;
    else {
      counts.linted++;
      counts.findings += result.findings.length;
    }
    if ((counts.linted + counts.skipped) % 200 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const lint = seconds(t);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const mb = bytes / 1024 / 1024;
  console.log(`tree: ${files.length} files, ${mb.toFixed(1)} MB (${kept} pass the prefilter and are parsed by the limit)`);
  console.log(`  cors-lint  ${lint.toFixed(2)} s  ${(files.length / lint).toFixed(0)} files/s  ${(mb / lint).toFixed(1)} MB/s  peak RSS ${(peakRss / 1048576).toFixed(0)} MB`);
  console.log(`  limit      ${limit.toFixed(2)} s  (read all + parse the prefiltered)   ratio ${(lint / limit).toFixed(2)}x (target <= 1.5x)`);
  console.log(`  ${counts.linted} linted, ${counts.skipped} skipped, ${counts.findings} findings, ${counts.errors} adapter/rule errors`);
}

/**
 * A realistic 2,000-line Express server: a global cors() with an env allowlist, a partner middleware that
 * reflects allowlisted origins by hand, per-route cors() on write routes, and ~100 ordinary handlers.
 */
export function twoThousandLineFile(): { file: string; text: string } {
  const parts: string[] = [
    "const express = require('express');",
    "const cors = require('cors');",
    "const { db } = require('./db');",
    "const { authenticate, audit } = require('./auth');",
    'const app = express();',
    "const ALLOWED = (process.env.CORS_ORIGINS || '').split(',').map((o) => o.trim()).filter(Boolean);",
    'const corsOptions = { origin: ALLOWED, credentials: true, maxAge: 600 };',
    'app.use(express.json());',
    'app.use(cors(corsOptions));',
    "app.options('*', cors(corsOptions));",
    'function partnerCors(req, res, next) {',
    "  const origin = req.get('Origin');",
    '  if (origin && ALLOWED.includes(origin)) {',
    "    res.set('Access-Control-Allow-Origin', origin);",
    "    res.vary('Origin');",
    '  }',
    "  if (req.method === 'OPTIONS') return res.sendStatus(204);",
    '  next();',
    '}',
    "app.use('/partners', partnerCors);",
  ];
  const verbs = ['get', 'post', 'put', 'delete', 'patch'];
  let i = 0;
  while (parts.join('\n').split('\n').length < 2000) {
    i++;
    const verb = verbs[i % verbs.length] as string;
    const corsArg = i % 25 === 0 ? 'cors(corsOptions), ' : '';
    parts.push(
      `app.${verb}('/api/resource${i}/:id', authenticate, ${corsArg}async (req, res, next) => {`,
      '  try {',
      `    const id = Number(req.params.id);`,
      `    if (!Number.isInteger(id) || id <= 0) return res.status(400).json({ error: 'invalid id' });`,
      `    const record = await db.resource${i}.findById(id);`,
      `    if (!record) return res.status(404).json({ error: 'resource${i} not found' });`,
      `    if (record.ownerId !== req.user.id && !req.user.roles.includes('admin')) {`,
      `      audit(req.user, 'denied', { resource: 'resource${i}', id });`,
      `      return res.status(403).json({ error: 'forbidden' });`,
      '    }',
      `    const updated = { ...record, ...req.body, updatedAt: new Date().toISOString() };`,
      `    await db.resource${i}.save(updated);`,
      `    res.set('Cache-Control', 'no-store');`,
      `    res.json({ data: updated, links: { self: \`/api/resource${i}/\${id}\` } });`,
      '  } catch (err) {',
      '    next(err);',
      '  }',
      '});',
      '',
    );
  }
  parts.push('app.listen(process.env.PORT || 3000);');
  return { file: path.join(root, 'bench-2000-lines.js'), text: parts.join('\n') + '\n' };
}

function benchFile(): void {
  const { file, text } = twoThousandLineFile();
  const lines = text.split('\n').length - 1;
  for (let i = 0; i < 5; i++) parseLikeLint(text, file); // warm up the parser
  const parseTimes: number[] = [];
  const lintTimes: number[] = [];
  let findings = 0;
  for (let i = 0; i < 25; i++) {
    let t = process.hrtime.bigint();
    parseLikeLint(text, file);
    parseTimes.push(seconds(t) * 1000);
    // A fresh project each time: nothing cached from the previous run, as after an edit.
    t = process.hrtime.bigint();
    const result = lintText(file, text, { config: DEFAULT_CONFIG, project: createProject({ readFile: () => undefined }) });
    lintTimes.push(seconds(t) * 1000);
    findings = result.kind === 'linted' ? result.findings.length : -1;
  }
  const p = median(parseTimes);
  const l = median(lintTimes);
  console.log(`file: ${lines} lines, ${findings} findings`);
  console.log(`  cors-lint  ${l.toFixed(1)} ms median`);
  console.log(`  limit      ${p.toFixed(1)} ms median typescript-estree parse()   ratio ${(l / p).toFixed(2)}x (target <= 1.25x)`);
}

// `npm run bench -- tree` runs one section; no argument runs them all.
async function main(sections: readonly string[]): Promise<void> {
  const wanted = (name: string) => sections.length === 0 || sections.includes(name);
  if (wanted('file')) benchFile();
  if (wanted('tree')) {
    const files = corpusFiles(corpusRoot);
    if (files.length < 5000) console.log(`note: corpus has only ${files.length} files (target >= 5000)`);
    benchTree(files);
  }
  if (wanted('editor')) await benchEditor();
}

if (require.main === module) void main(process.argv.slice(2));
