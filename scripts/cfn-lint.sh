#!/usr/bin/env bash
# Lints every CloudFormation template in a cloud assembly with cfn-lint (pinned in
# requirements-dev.txt, installed into .cache/venv). Fails on any error or warning;
# the accepted findings and their reasons are in .cfnlintrc.yaml, nowhere else.
# Writes "<clean templates> <templates with findings>" to .cache/results/cfn-lint.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
outdir=${1:-cdk.out}
results="$root/.cache/results/cfn-lint.txt"
mkdir -p "$(dirname "$results")"
rm -f "$results"
bin=$(bash "$root/scripts/python-env.sh")
shopt -s nullglob
templates=("$outdir"/*.template.json)
if [ ${#templates[@]} -eq 0 ]; then
  echo "cfn-lint: no *.template.json in $outdir (run npm run example first)" >&2
  echo "0 1" >"$results"
  exit 1
fi
echo "cfn-lint $("$bin/cfn-lint" --version | cut -d' ' -f2) over ${#templates[@]} template(s) in $outdir"
status=0
findings=$("$bin/cfn-lint" --config-file "$root/.cfnlintrc.yaml" --non-zero-exit-code warning -f parseable -- "${templates[@]}") || status=$?
bad=0
for template in "${templates[@]}"; do
  if grep -qF "$template:" <<<"$findings"; then bad=$((bad + 1)); fi
done
[ -n "$findings" ] && echo "$findings"
if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi  # cfn-lint failed without a finding line
echo "$(( ${#templates[@]} - bad )) $bad" >"$results"
if [ "$status" -ne 0 ]; then
  echo "cfn-lint: findings in $bad template(s); fix them or accept them with a reason in .cfnlintrc.yaml" >&2
  exit "$status"
fi
echo "cfn-lint: no findings"
