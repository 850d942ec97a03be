/**
 * Prints a short summary of a cloud assembly: its stacks, the resource count by
 * type of each, and the template-validation findings aws-cdk-lib recorded.
 *
 * Usage: ts-node scripts/summarize-cdk-out.ts [cdk.out]
 * Exits non-zero when the assembly has no stack template.
 */
import * as fs from 'fs';
import * as path from 'path';

interface StackSummary {
  readonly name: string;
  readonly templateFile: string;
  readonly resourceCounts: Record<string, number>;
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

function stacksOf(outdir: string): StackSummary[] {
  const manifest = readJson(path.join(outdir, 'manifest.json'));
  return Object.entries<any>(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([name, artifact]) => {
      const templateFile = artifact.properties.templateFile as string;
      const template = readJson(path.join(outdir, templateFile));
      const resourceCounts: Record<string, number> = {};
      for (const resource of Object.values<any>(template.Resources ?? {})) {
        resourceCounts[resource.Type] = (resourceCounts[resource.Type] ?? 0) + 1;
      }
      return { name, templateFile, resourceCounts };
    });
}

/** Findings of every validation plugin, as "severity rule: description (paths)". */
function findingsOf(outdir: string): string[] {
  const reportFile = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(reportFile)) return [];
  const report = readJson(reportFile);
  const findings: string[] = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const violation of plugin.violations ?? []) {
      const paths = (violation.violatingConstructs ?? []).map((c: any) => c.constructPath).join(', ');
      findings.push(`${violation.severity} ${plugin.pluginName} ${violation.ruleName}: ${violation.description} (${paths})`);
    }
  }
  return findings;
}

function main(outdir: string): number {
  const stacks = stacksOf(outdir);
  console.log(`Synthesized ${stacks.length} stack(s) into ${outdir}/`);
  for (const stack of stacks) {
    const total = Object.values(stack.resourceCounts).reduce((a, b) => a + b, 0);
    console.log(`\n${stack.name} (${stack.templateFile}): ${total} resources`);
    for (const [type, count] of Object.entries(stack.resourceCounts).sort()) {
      console.log(`  ${String(count).padStart(4)}  ${type}`);
    }
  }
  const findings = findingsOf(outdir);
  console.log(`\nValidation findings: ${findings.length}`);
  for (const finding of findings) console.log(`  ${finding}`);
  return stacks.length > 0 ? 0 : 1;
}

process.exitCode = main(process.argv[2] ?? 'cdk.out');
