#!/usr/bin/env bash
# Creates (once) the project's Python virtualenv in .cache/venv with the pinned
# tools of requirements-dev.txt (their dependencies constrained to requirements-dev.lock),
# and prints the venv's bin directory. Re-installs only when either file changes.
# Safe to run concurrently:
# a lock serializes the first install.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.cache/venv"
stamp="$venv/.requirements-dev.sha256"
want=$(cat "$root/requirements-dev.txt" "$root/requirements-dev.lock" | sha256sum | cut -d' ' -f1)
mkdir -p "$root/.cache"
exec 9>"$root/.cache/venv.lock"
flock 9
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "python-env: installing requirements-dev.txt into $venv" >&2
  python3 -m venv "$venv"
  # --no-compile: byte-compiling every module of the tools (botocore, sympy...) took a third of
  # the install; Python compiles what it imports, once, on first use.
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-compile \
    -r "$root/requirements-dev.txt" -c "$root/requirements-dev.lock" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin"
