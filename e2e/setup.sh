#!/usr/bin/env bash
# Installs the offline editor harness outside the repo, once: Debian's chromium (the browser Playwright drives),
# ripgrep and Kerberos headers (code-server's install needs them offline), then code-server and playwright-core
# from npm into $E2E_HOME. Nothing downloads a binary from anywhere but apt and the npm registry.
set -euo pipefail
: "${E2E_HOME:?set E2E_HOME to a folder outside the repo}"
CODE_SERVER_VERSION=4.100.3 # the newest code-server whose engines allow Node 20
PLAYWRIGHT_VERSION=1.65.1   # works with Debian's chromium
CS="$E2E_HOME/node_modules/.bin/code-server"

installed() {
  [ -x /usr/bin/chromium ] && command -v rg >/dev/null && [ -f "$E2E_HOME/node_modules/playwright-core/package.json" ] &&
    [ -x "$CS" ] && XDG_CONFIG_HOME="$E2E_HOME/tmp/xdg" XDG_DATA_HOME="$E2E_HOME/tmp/xdg" "$CS" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "
}
if installed; then
  echo "editor harness: ready in $E2E_HOME"
  exit 0
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
for tool in g++ make python3 pkg-config; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "editor harness: run as root, or install these Debian packages first: ${missing[*]}" >&2
    exit 2
  fi
  echo "editor harness: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$E2E_HOME/tmp"
export TMPDIR="$E2E_HOME/tmp" # @vscode/ripgrep looks for its download cache in os.tmpdir()
# @vscode/ripgrep's postinstall downloads rg from GitHub; seed its cache with Debian's rg instead. The package
# version and tag are the ones code-server 4.100.3's lib/vscode/npm-shrinkwrap.json asks for.
RG_PKG=1.15.11
RG_TAG=v13.0.0-10
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "editor harness: unsupported architecture $(uname -m)" >&2; exit 2 ;;
esac
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PKG"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_PKG/ripgrep-$RG_TAG-$RG_TARGET.tar.gz" -C "$(dirname "$(command -v rg)")" rg

cd "$E2E_HOME"
[ -f package.json ] || echo '{ "private": true }' > package.json
# unsafe_perm: code-server's postinstall refuses to run as root without it. yes: node-pty's postinstall runs
# `npx node-gyp`, which an npmrc with yes=false would cancel.
npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
# A future npm that skips unapproved install scripts would leave code-server without its ripgrep: fail here.
test -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
installed || { echo "editor harness: code-server $CODE_SERVER_VERSION did not install" >&2; exit 1; }
echo "editor harness: installed in $E2E_HOME"
