#!/usr/bin/env bash
# Proves the Python and Java bindings work for their users:
#  1. jsii-pacmak builds the wheel and the jar (projen's package:python / package:java);
#  2. the wheel is installed with aws-cdk-lib from PyPI into .cache/venv-bindings and
#     bindings/python/app.py (the Python version of examples/app.ts) is synthesized;
#  3. bindings/java (the Java version) is built with Maven against the jar and run;
#  4. every stack template of both must equal the TypeScript app's.
# Writes "passed failed" to .cache/results/bindings.txt (one check per app run and
# per stack compared). Needs a compiled library (npx projen compile).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cache="$root/.cache/bindings"
results="$root/.cache/results/bindings.txt"
mkdir -p "$cache" "$(dirname "$results")"
rm -f "$results"
runs_passed=0
runs_failed=0
cdk_version=$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")
constructs_version=$(node -p "require('./package.json').devDependencies['constructs']")
version=$(node -p "require('./package.json').version")
tsnode="npx ts-node --transpile-only --project scripts/tsconfig.json"

record() {  # record NAME COMMAND...: runs an app, counts it as one check
  local name=$1; shift
  if "$@"; then runs_passed=$((runs_passed + 1)); echo "ok   $name";
  else runs_failed=$((runs_failed + 1)); echo "FAIL $name"; fi
}

echo "::: jsii-pacmak: wheel and jar"
npx projen package:python
npx projen package:java
wheel=$(ls dist/python/cdk_batch_constructs-"$version"-py3-none-any.whl)
jar=$(find dist/java -name "cdk-batch-constructs-$version.jar" | head -1)
echo "wheel: $wheel ($(stat -c %s "$wheel") bytes)"
echo "jar:   $jar ($(stat -c %s "$jar") bytes)"

echo "::: TypeScript reference: examples/app.ts"
rm -rf "$cache/ts.out"
record "TypeScript example app synthesizes" env CDK_OUTDIR="$cache/ts.out" \
  npx ts-node --transpile-only --project examples/tsconfig.json examples/app.ts

echo "::: Python: wheel + aws-cdk-lib==$cdk_version from PyPI"
venv="$root/.cache/venv-bindings"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "aws-cdk-lib==$cdk_version" "constructs>=$constructs_version,<11"
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
rm -rf "$cache/python.out"
record "Python example app synthesizes" env CDK_OUTDIR="$cache/python.out" \
  "$venv/bin/python" bindings/python/app.py

echo "::: Java: Maven against the jar"
rm -rf "$cache/java.out"
# Maven caches an artifact of a file:// repository in its local repository and never
# refetches a release version: drop the copy of the previous build's jar.
rm -rf "${HOME}/.m2/repository/io/github/cdkbatchconstructs/cdk-batch-constructs"
record "Java example app builds and synthesizes" env CDK_OUTDIR="$cache/java.out" \
  mvn -B -q -f bindings/java/pom.xml -Dcdk.version="$cdk_version" -Dlibrary.version="$version" \
  -Dlibrary.repository="file://$root/dist/java" compile exec:java

echo "::: templates: Python and Java against TypeScript"
compare_status=0
$tsnode scripts/compare-templates.ts "$cache/compare.txt" "$cache/ts.out" \
  "python=$cache/python.out" "java=$cache/java.out" || compare_status=$?
read -r cmp_passed cmp_failed <"$cache/compare.txt" || { cmp_passed=0; cmp_failed=1; }
echo "$((runs_passed + cmp_passed)) $((runs_failed + cmp_failed))" >"$results"
echo "bindings: $((runs_passed + cmp_passed)) passed, $((runs_failed + cmp_failed)) failed"
[ "$runs_failed" -eq 0 ] && [ "$compare_status" -eq 0 ]
