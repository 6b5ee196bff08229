// The extension-host entry (`extensionTestsPath`): VS Code, or code-server through e2e/code-shim.mjs, loads this
// module inside its extension host and awaits run(). Prints the `N passed, N failed` line .ci/run adds up.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 90_000 });
  for (const file of fs.readdirSync(__dirname).sort()) if (file.endsWith('.e2e.js')) mocha.addFile(path.join(__dirname, file));
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((failed) => {
      console.log(`${runner.stats?.passes ?? 0} passed, ${failed} failed`);
      resolve(failed);
    });
  });
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
