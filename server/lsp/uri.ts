// file: URIs <-> absolute paths. The engine works on paths; the protocol speaks URIs. Only `file:` documents are
// linted (the client's selector asks for nothing else), so other schemes map to undefined.
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined; // a malformed URI from a client is not worth dying for
  }
}

export function pathToUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}
