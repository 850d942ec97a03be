import { checkCount, isKnown, problem, Problem } from './validation';

/**
 * Batch's tag rules (TagResource, and tags given at creation): at most 50 tags, keys of
 * 1-128 characters that do not start with `aws:`, values of at most 256 characters.
 */
export const MAX_TAGS = 50;

/** Checks a tag map; `max` below 50 leaves room for tags the library adds itself. */
export function checkTagMap(property: string, tags: { [key: string]: string } | undefined, max: number, hint?: string): Problem[] {
  if (tags === undefined) return [];
  const problems: Problem[] = [checkCount(property, Object.keys(tags), { max, hint })];
  for (const [key, value] of Object.entries(tags)) {
    if (!isKnown(key)) continue;
    if (key.length < 1 || key.length > 128) {
      problems.push(problem(property, key, 'must have keys of 1-128 characters'));
    } else if (key.toLowerCase().startsWith('aws:')) {
      problems.push(problem(property, key, 'must not have keys starting with aws:', 'AWS reserves them'));
    }
    if (isKnown(value) && value.length > 256) {
      problems.push(problem(`${property}.${key}`, `${value.slice(0, 20)}...`, 'must be at most 256 characters'));
    }
  }
  return problems;
}
