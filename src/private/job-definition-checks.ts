import type { MultiNodeProperties, RetryStrategy } from '../job-definition';
import { checkCount, checkPattern, checkRange, isKnown, Problem, problem } from './validation';

/** evaluateOnExit reason patterns: letters, digits, periods, colons, white space; an optional trailing `*`. */
const REASON_PATTERN = /^[A-Za-z0-9.:\s]{0,512}\*?$/;
/** evaluateOnExit exit code patterns: digits and an optional trailing `*`. */
const EXIT_CODE_PATTERN = /^[0-9]{0,512}\*?$/;

/** Checks the evaluateOnExit rules: at most 5, valid glob patterns, RETRY only with attempts to retry. */
export function checkRetryStrategies(rules: readonly RetryStrategy[] | undefined, attempts: number | undefined): Problem[] {
  if (rules === undefined) return [];
  const problems: Problem[] = [checkCount('retryStrategies', rules, { max: 5 })];
  rules.forEach((rule, i) => {
    const property = `retryStrategies[${i}]`;
    const lengthHint = 'At most 512 characters; only a trailing * is a wildcard';
    problems.push(
      checkPattern(`${property}.onExitCode`, rule.onExitCode, EXIT_CODE_PATTERN,
        'must be digits, optionally ending with *', lengthHint),
      checkPattern(`${property}.onReason`, rule.onReason, REASON_PATTERN,
        'must be letters, digits, periods, colons and white space, optionally ending with *', lengthHint),
      checkPattern(`${property}.onStatusReason`, rule.onStatusReason, REASON_PATTERN,
        'must be letters, digits, periods, colons and white space, optionally ending with *', lengthHint),
    );
    if (rule.action === 'RETRY' && (attempts === undefined || (isKnown(attempts) && attempts < 2))) {
      problems.push(problem(`${property}.action`, rule.action, 'has no effect with a single attempt',
        'Set retryAttempts to 2-10 so a matching failure can be retried'));
    }
  });
  return problems;
}

/** Checks numNodes, mainNode and that the node ranges stay inside the job and cover every node. */
export function checkMultiNode(props: MultiNodeProperties): Problem[] {
  const { numNodes, mainNode, nodeRanges } = props;
  const problems: Problem[] = [
    checkRange('nodeProperties.numNodes', numNodes, { min: 1, integer: true }),
    checkRange('nodeProperties.mainNode', mainNode, { min: 0, integer: true }),
    checkCount('nodeProperties.nodeRanges', nodeRanges, { min: 1 }),
  ];
  const nodesKnown = isKnown(numNodes) && Number.isInteger(numNodes) && numNodes >= 1;
  if (nodesKnown && isKnown(mainNode) && mainNode >= numNodes) {
    problems.push(problem('nodeProperties.mainNode', mainNode, `must be less than numNodes (${numNodes})`, 'Node indexes start at 0'));
  }

  const covered: boolean[] = [];
  let coverageKnown = nodesKnown;
  nodeRanges.forEach((range, i) => {
    const property = `nodeProperties.nodeRanges[${i}].targetNodes`;
    const { start, end } = range.targetNodes;
    const known = isKnown(start) && (end === undefined || isKnown(end));
    if (!known) {
      coverageKnown = false;
      return;
    }
    const last = nodesKnown ? numNodes - 1 : undefined;
    const describe = range.targetNodes.toString();
    const bad = (allowed: string) => problems.push(problem(property, describe, allowed));
    if (!Number.isInteger(start) || start < 0 || (end !== undefined && (!Number.isInteger(end) || end < 0))) {
      bad('must use whole node indexes >= 0');
    } else if (end !== undefined && start > end) {
      bad('must not end before it starts');
    } else if (last !== undefined && (start > last || (end ?? last) > last)) {
      bad(`must stay within nodes 0:${last} (numNodes is ${numNodes})`);
    } else if (last !== undefined) {
      for (let node = start; node <= (end ?? last); node++) covered[node] = true;
    }
  });
  if (coverageKnown) {
    const missing: number[] = [];
    for (let node = 0; node < numNodes; node++) if (!covered[node]) missing.push(node);
    if (missing.length > 0) {
      problems.push(problem('nodeProperties.nodeRanges', nodeRanges.map((r) => r.targetNodes.toString()),
        `must together cover every node 0:${numNodes - 1}; nodes ${missing.join(', ')} have no range`,
        'Add a range for them, e.g. NodeRange.all() first and narrower ranges after it'));
    }
  }

  const instanceTypes = new Set(nodeRanges
    .map((range) => range.container.instanceType?.toString())
    .filter((type): type is string => isKnown(type)));
  if (instanceTypes.size > 1) {
    problems.push(problem('nodeProperties.nodeRanges[*].container.instanceType', [...instanceTypes],
      'must be the same for every node range', 'Batch runs all nodes of a multi-node job on one instance type'));
  }
  return problems;
}
