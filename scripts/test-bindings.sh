#!/usr/bin/env bash
# Proves the Python and Java bindings work for their users:
#  1. jsii-pacmak builds the wheel and the jar (projen's package:python / package:java);
#  2. the wheel is installed with aws-cdk-lib from PyPI into .cache/venv-bindings and
#     the Python versions of the example apps are synthesized: bindings/python/app.py
#     (examples/app.ts) and bindings/python/eks_app.py (examples/eks.ts);
#  3. bindings/java is built with Maven against the jar and runs the Java versions
#     (ExampleApp and EksExampleApp, chosen with -Dexample.mainClass);
#  4. every stack template (nested stacks too) of each app must equal the TypeScript app's.
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

cmp_passed=0
cmp_failed=0
compare() {  # compare NAME: the Python and Java templates of app NAME against the TypeScript ones
  local name=$1 passed failed status=0
  rm -f "$cache/compare-$name.txt"
  $tsnode scripts/compare-templates.ts "$cache/compare-$name.txt" "$cache/$name/ts.out" \
    "python=$cache/$name/python.out" "java=$cache/$name/java.out" || status=$?
  read -r passed failed <"$cache/compare-$name.txt" || { passed=0; failed=1; }
  # A comparison that failed without counting a failure (it crashed) is one.
  [ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
  cmp_passed=$((cmp_passed + passed))
  cmp_failed=$((cmp_failed + failed))
}

# example NAME LABEL TS_APP PYTHON_APP JAVA_CLASS: synthesizes one example app in the three
# languages into $cache/NAME/{ts,python,java}.out and compares the templates.
example() {
  local name=$1 label=$2 ts_app=$3 python_app=$4 java_class=$5
  local out="$cache/$name"
  rm -rf "$out" && mkdir -p "$out"
  echo "::: $label: TypeScript reference $ts_app"
  record "TypeScript $label app synthesizes" env CDK_OUTDIR="$out/ts.out" \
    npx ts-node --transpile-only --project examples/tsconfig.json "$ts_app"
  echo "::: $label: Python $python_app"
  record "Python $label app synthesizes" env CDK_OUTDIR="$out/python.out" "$venv/bin/python" "$python_app"
  echo "::: $label: Java $java_class"
  record "Java $label app builds and synthesizes" env CDK_OUTDIR="$out/java.out" \
    mvn -B -q -f bindings/java/pom.xml -Dcdk.version="$cdk_version" -Dlibrary.version="$version" \
    -Dlibrary.repository="file://$root/dist/java" -Dexample.mainClass="io.github.cdkbatchconstructs.example.$java_class" \
    compile exec:java
  echo "::: $label: templates, Python and Java against TypeScript"
  compare "$name"
}

echo "::: jsii-pacmak: wheel and jar"
npx projen package:python
npx projen package:java
wheel=$(ls dist/python/cdk_batch_constructs-"$version"-py3-none-any.whl)
jar=$(find dist/java -name "cdk-batch-constructs-$version.jar" | head -1)
echo "wheel: $wheel ($(stat -c %s "$wheel") bytes)"
echo "jar:   $jar ($(stat -c %s "$jar") bytes)"

echo "::: Python: wheel + aws-cdk-lib==$cdk_version from PyPI"
venv="$root/.cache/venv-bindings"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "aws-cdk-lib==$cdk_version" "constructs>=$constructs_version,<11"
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

# Maven caches an artifact of a file:// repository in its local repository and never
# refetches a release version: drop the copy of the previous build's jar.
rm -rf "${HOME}/.m2/repository/io/github/cdkbatchconstructs/cdk-batch-constructs"

example app example examples/app.ts bindings/python/app.py ExampleApp
example eks "EKS example" examples/eks.ts bindings/python/eks_app.py EksExampleApp

echo "$((runs_passed + cmp_passed)) $((runs_failed + cmp_failed))" >"$results"
echo "bindings: $((runs_passed + cmp_passed)) passed, $((runs_failed + cmp_failed)) failed"
[ "$runs_failed" -eq 0 ] && [ "$cmp_failed" -eq 0 ]
