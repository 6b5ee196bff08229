// Writes a changed source file so that a crash or a full disk never leaves it half written: a temporary file
// in the same folder (same file system, so rename is atomic), flushed, given the original's mode, renamed over.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFileAtomic(filePath: string, text: string): void {
  // Write through symlinks: renaming over the link itself would replace it with a plain file.
  const target = fs.realpathSync(filePath);
  const mode = fs.statSync(target).mode & 0o7777;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.cors-lint.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', mode);
    fs.writeFileSync(fd, text, 'utf8');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.chmodSync(temp, mode); // openSync's mode is filtered by the umask
    fs.renameSync(temp, target);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
