#!/usr/bin/env bash
# Creates (once) the project's Python virtualenv in .cache/venv with the pinned
# tools of requirements-dev.txt, and prints the venv's bin directory.
# Re-installs only when requirements-dev.txt changes. Safe to run concurrently:
# a lock serializes the first install.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.cache/venv"
stamp="$venv/.requirements-dev.sha256"
want=$(sha256sum "$root/requirements-dev.txt" | cut -d' ' -f1)
mkdir -p "$root/.cache"
exec 9>"$root/.cache/venv.lock"
flock 9
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "python-env: installing requirements-dev.txt into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/requirements-dev.txt" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin"
