// The open documents by path: the engine and the scan think in paths, the protocol in URIs. A map kept in step
// with open/close, because import resolution asks "is this path open?" for every candidate file it probes.
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { OpenTexts } from './editor-project';
import { uriToPath } from './uri';

export interface OpenDocuments extends OpenTexts {
  uriAt(filePath: string): string | undefined;
  /** Records an opened document; returns its path, or undefined for a URI that is not a file on disk. */
  opened(uri: string): string | undefined;
  closed(uri: string): void;
  isOpen(uri: string): boolean;
}

export function createOpenDocuments(documents: TextDocuments<TextDocument>): OpenDocuments {
  const byPath = new Map<string, string>();
  const byUri = new Map<string, string>();
  return {
    textAt(filePath) {
      const uri = byPath.get(filePath);
      return uri === undefined ? undefined : documents.get(uri)?.getText();
    },
    uriAt: (filePath) => byPath.get(filePath),
    opened(uri) {
      const filePath = uriToPath(uri);
      if (filePath === undefined) return undefined;
      byPath.set(filePath, uri);
      byUri.set(uri, filePath);
      return filePath;
    },
    closed(uri) {
      const filePath = byUri.get(uri);
      byUri.delete(uri);
      if (filePath !== undefined && byPath.get(filePath) === uri) byPath.delete(filePath);
    },
    isOpen: (uri) => byUri.has(uri),
  };
}
