import { NodeRange } from '../../src';
import { formatNodeRange, parseNodeRange } from '../../src/private/validation/node-ranges';

describe('NodeRange', () => {
  test('renders of, from and all as Batch writes them', () => {
    expect(NodeRange.of(0, 3).toString()).toBe('0:3');
    expect(NodeRange.from(2).toString()).toBe('2:');
    expect(NodeRange.all().toString()).toBe('0:');
  });

  test('keeps its ends: all() and from(n) are open at the end', () => {
    expect([NodeRange.of(1, 2).start, NodeRange.of(1, 2).end]).toEqual([1, 2]);
    expect([NodeRange.from(2).start, NodeRange.from(2).end]).toEqual([2, undefined]);
    expect([NodeRange.all().start, NodeRange.all().end]).toEqual([0, undefined]);
  });

  test('speaks the grammar SubmitJob node overrides share: what it writes parses back to its ends', () => {
    for (const range of [NodeRange.of(0, 3), NodeRange.from(2), NodeRange.all()]) {
      expect(range.toString()).toBe(formatNodeRange(range));
      expect(parseNodeRange(range.toString())).toEqual({ start: range.start, end: range.end });
    }
  });
});
