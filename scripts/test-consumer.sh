#!/usr/bin/env bash
# The npm package as a user gets it, in a new CDK app outside the repository:
#  1. installs the tarball (npx projen package:js) with the LOWEST aws-cdk-lib and constructs
#     the peer dependencies allow, and the repository's TypeScript and cdk CLI;
#  2. compiles the README's "Use it in a CDK app" snippet against the package's type
#     declarations (tsc, strict, libraries checked too);
#  3. synthesizes it with the cdk CLI and checks the template's Batch resources and that the
#     handler's asset reached the cloud assembly.
# npm's cache lives in .cache/npm-consumer, so later runs install offline-fast.
# Writes "passed failed" to .cache/results/consumer.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/.cache/results/consumer.txt"
mkdir -p "$(dirname "$results")"
rm -f "$results"
echo "0 1" >"$results"  # until every step passed

tarball=$(ls "$root"/dist/js/cdk-batch-constructs@*.tgz)
lowest() {  # the lowest version a caret range of package.json allows: ^2.263.0 -> 2.263.0
  node -p "require('$root/package.json').peerDependencies['$1'].replace(/^[~^]/, '')"
}
installed() { node -p "require('$root/node_modules/$1/package.json').version"; }
cdk_lib=$(lowest aws-cdk-lib)
constructs=$(lowest constructs)

app=$(mktemp -d "${TMPDIR:-/tmp}/cdk-batch-constructs-consumer.XXXXXX")
trap 'rm -rf "$app"' EXIT
cd "$app"
echo "consumer app in $app: aws-cdk-lib@$cdk_lib constructs@$constructs, $(basename "$tarball")"

# The snippet: the first ```ts block after the README heading "### Use it in a CDK app".
awk '/^### Use it in a CDK app/{found=1} found && /^```ts/{inblock=1; next} inblock && /^```/{exit} inblock{print}' \
  "$root/README.md" >app.ts
[ -s app.ts ] || { echo "consumer: no snippet under '### Use it in a CDK app' in README.md" >&2; exit 1; }

cat >package.json <<EOF
{ "name": "cdk-batch-constructs-consumer", "version": "0.0.0", "private": true }
EOF
cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022", "module": "commonjs", "strict": true, "skipLibCheck": false,
    "esModuleInterop": true, "types": ["node"], "outDir": "."
  },
  "files": ["app.ts"]
}
EOF
npm install --no-audit --no-fund --loglevel=error --cache "$root/.cache/npm-consumer" \
  "$tarball" "aws-cdk-lib@$cdk_lib" "constructs@$constructs" \
  "typescript@$(installed typescript)" "aws-cdk@$(installed aws-cdk)" "@types/node@$(installed @types/node)"

echo "::: tsc"
npx tsc -p tsconfig.json
echo "::: cdk synth"
CDK_DISABLE_CLI_TELEMETRY=true npx cdk synth --app "node app.js" --output cdk.out --quiet

node - <<'EOF'
const fs = require('fs');
const template = JSON.parse(fs.readFileSync('cdk.out/BatchQuickStart.template.json', 'utf8'));
const counts = {};
for (const r of Object.values(template.Resources)) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
const want = {
  'AWS::Batch::ComputeEnvironment': 1, 'AWS::Batch::JobQueue': 1, 'AWS::Batch::JobDefinition': 1,
  'Custom::BatchDeployTimeJob': 1, 'AWS::Lambda::Function': 1,
};
const wrong = Object.entries(want).filter(([type, n]) => counts[type] !== n);
const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
const assetDir = fn && fn.Metadata && fn.Metadata['aws:asset:path'];
const handler = assetDir && fs.existsSync(`cdk.out/${assetDir}/index.js`);
console.log('resources:', JSON.stringify(counts));
if (wrong.length > 0) { console.error('consumer: wrong resource counts', wrong); process.exit(1); }
if (!handler) { console.error(`consumer: the handler asset ${assetDir}/index.js is not in cdk.out`); process.exit(1); }
console.log(`handler asset: cdk.out/${assetDir}/index.js`);
EOF
echo "1 0" >"$results"
echo "consumer: the README app compiles and synthesizes against the package"
