// SARIF 2.1.0 for GitHub code scanning: rule metadata, results with utf16 regions relative to %SRCROOT%,
// skipped files as tool notifications, and fingerprints that survive edits elsewhere in the file.
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleIds, rules } from '../../rules/index';
import type { Severity } from '../model/rule';
import type { Report, ReportFinding } from './report';
import { ruleHelpUri, TOOL_HOME, TOOL_NAME, TOOL_VERSION } from './tool-info';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Our own key: GitHub recomputes `primaryLocationLineHash` itself and warns when a tool's value differs. */
export const FINGERPRINT_KEY = 'corsLintFindingHash/v1';
const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function formatSarif(report: Report): string {
  return JSON.stringify(buildSarif(report), null, 2) + '\n';
}

export function buildSarif(report: Report): { [key: string]: Json } {
  const ids = [...ruleIds];
  for (const f of report.findings) if (!ids.includes(f.rule)) ids.push(f.rule);
  const occurrences = new Map<string, number>();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: TOOL_HOME,
            rules: ids.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.cwd) } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map((s) => ({
              level: 'note',
              message: { text: `skipped: ${s.reason}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.file) } }],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ids.indexOf(f.rule),
          level: sarifLevel(f.severity),
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.file),
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f, occurrences) },
        })),
      },
    ],
  };
}

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'info' ? 'note' : severity;
}

function ruleDescriptor(id: string): { [key: string]: Json } {
  const rule = rules.find((r) => r.id === id);
  const description = rule?.description ?? id;
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: description },
    fullDescription: { text: description },
    helpUri: ruleHelpUri(id),
    help: { text: `${description}\nSee ${ruleHelpUri(id)}` },
    defaultConfiguration: { level: sarifLevel(rule?.severity ?? 'warning') },
    properties: { tags: ['security', 'cors'] },
  };
}

/** Paths inside cwd are relative to %SRCROOT% (portable across checkouts); others become file URIs. */
function artifactLocation(displayPath: string): { [key: string]: Json } {
  if (path.isAbsolute(displayPath)) return { uri: pathToFileURL(displayPath).href };
  return { uri: displayPath.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

/**
 * Rule + file + the finding's line with whitespace normalized: moving code up or down keeps the alert,
 * editing that line makes a new one. Identical lines in one file are told apart by their order.
 */
function fingerprint(f: ReportFinding, occurrences: Map<string, number>): string {
  const normalized = f.lineText.trim().replace(/\s+/g, ' ');
  const hash = crypto.createHash('sha256').update(`${f.rule}\0${f.file}\0${normalized}`).digest('hex').slice(0, 32);
  const nth = (occurrences.get(hash) ?? 0) + 1;
  occurrences.set(hash, nth);
  return `${hash}:${nth}`;
}
