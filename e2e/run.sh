#!/usr/bin/env bash
# npm run test:e2e: both editor suites against a real VS Code workbench (code-server in Debian's chromium),
# offline. Installs the harness into $E2E_HOME on first use (outside the repo), packs the .vsix, then runs
#   1. the UI test (e2e/ui.mjs): the installed .vsix, squiggle, Problems row, light bulb, quick-fix, save, scan;
#   2. the extension-host suite (test/e2e/suite) through @vscode/test-electron, with e2e/code-shim.mjs as the
#      "VS Code executable".
# Ends with one `N passed, N failed` line for both. A failed run keeps its screenshots and logs in $RUN.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
export E2E_HOME=${E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/cors-lint-e2e}
SUITE_TIMEOUT=${E2E_SUITE_TIMEOUT:-600}

bash "$REPO/e2e/setup.sh" || { echo "0 passed, 1 failed"; exit 1; }
RUN=$(mktemp -d "$E2E_HOME/run.XXXXXX")
export TMPDIR="$RUN/tmp" # the extension host, tsserver and chromium leave sockets and caches in os.tmpdir()
mkdir -p "$TMPDIR"
cd "$REPO"

# vsce runs vscode:prepublish (the minified bundles the .vsix ships); the e2e build then restores the normal
# bundles, which the extension-host suite loads from the repo, and builds the suite itself.
if ! { npx vsce package --no-dependencies -o "$RUN/cors-lint.vsix" >"$RUN/package.log" 2>&1 && node scripts/build.mjs --e2e; }; then
  cat "$RUN/package.log"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
# Adds a suite's `N passed, N failed` line to the totals; a suite that printed none (crashed, timed out) failed.
tally() {
  local line
  line=$(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
  if [ -z "$line" ]; then
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
  failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
}

echo "== UI test (Playwright, code-server, the packaged .vsix)"
cp -r test/e2e/workspace "$RUN/ui-workspace"
timeout "$SUITE_TIMEOUT" node e2e/ui.mjs "$RUN/cors-lint.vsix" "$RUN/ui-workspace" "$RUN/ui" 2>&1 | tee "$RUN/ui.log"
ui_status=${PIPESTATUS[0]}
tally "$RUN/ui.log"

echo "== extension-host suite (@vscode/test-electron through e2e/code-shim.mjs)"
VSCODE_EXECUTABLE="$REPO/e2e/code-shim.mjs" timeout "$SUITE_TIMEOUT" npx tsx test/e2e/run.ts 2>&1 | tee "$RUN/host.log"
host_status=${PIPESTATUS[0]}
tally "$RUN/host.log"

if [ "$ui_status" -ne 0 ] || [ "$host_status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  [ "$failed" -eq 0 ] && failed=1
  echo "e2e: screenshots and logs kept in $RUN"
else
  rm -rf "$RUN"
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
