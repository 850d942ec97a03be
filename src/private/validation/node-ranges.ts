/**
 * Node ranges of multi-node parallel jobs as Batch writes them: `start:end`, either end
 * optional (`:3` starts at 0, `2:` ends at the last node, `:` is every node). Job definitions
 * (`NodeRangeProperty.targetNodes`) and SubmitJob overrides (`NodePropertyOverride.targetNodes`)
 * share this grammar.
 */

/** A node range, parsed: undefined ends are open. */
export interface ParsedNodeRange {
  /** The first node index, or undefined for "from node 0". */
  readonly start?: number;
  /** The last node index, or undefined for "to the last node". */
  readonly end?: number;
}

const NODE_RANGE = /^(\d*):(\d*)$/;

/** Parses `start:end`; undefined when the text is not a node range. */
export function parseNodeRange(text: string): ParsedNodeRange | undefined {
  const match = NODE_RANGE.exec(text);
  if (!match) return undefined;
  return {
    start: match[1] === '' ? undefined : Number(match[1]),
    end: match[2] === '' ? undefined : Number(match[2]),
  };
}

/** The node range as Batch writes it, e.g. `0:3` or `2:`. */
export function formatNodeRange(range: ParsedNodeRange): string {
  return `${range.start ?? ''}:${range.end ?? ''}`;
}
