// Reading source files from disk with the cheap guards that come before any parsing (size, binary), and a
// FileHost built on it so cross-file imports obey the same guards as the files a run lints.
import * as fs from 'node:fs';
import type { FileHost } from './lint';
import { BINARY_SNIFF_BYTES, fsErrorReason, MAX_FILE_BYTES, tooLargeReason } from './source-files';

export type SourceRead = { readonly text: string } | { readonly skipped: string };

/** Reads a file as UTF-8 text, or says why it was not: too large (checked before reading), binary, unreadable. */
export function readSourceFile(absolutePath: string): SourceRead {
  let fd: number | undefined;
  try {
    fd = fs.openSync(absolutePath, 'r');
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) return { skipped: 'not a regular file' };
    if (stats.size > MAX_FILE_BYTES) return { skipped: tooLargeReason(stats.size) };
    const bytes = fs.readFileSync(fd);
    // The size may have grown since fstat; the limit is about what we parse, so check what was read.
    if (bytes.length > MAX_FILE_BYTES) return { skipped: tooLargeReason(bytes.length) };
    if (looksBinary(bytes)) return { skipped: 'binary file' };
    return { text: bytes.toString('utf8') };
  } catch (e) {
    return { skipped: fsErrorReason('cannot read file', e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A NUL byte in the first 8 KiB: the same heuristic git and grep use. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * A FileHost reading from disk, caching each answer for the host's lifetime (one lint pass: many files import
 * the same options module). Make a new host after files change.
 */
export function createDiskHost(): FileHost {
  const cache = new Map<string, string | undefined>();
  return {
    readFile(absolutePath: string): string | undefined {
      if (!cache.has(absolutePath)) {
        const read = readSourceFile(absolutePath);
        cache.set(absolutePath, 'text' in read ? read.text : undefined);
      }
      return cache.get(absolutePath);
    },
  };
}
