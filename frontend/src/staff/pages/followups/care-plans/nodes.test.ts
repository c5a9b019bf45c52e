import { describe, expect, it } from 'vitest';

import { firstNodeProblem, nodeProblems, suggestNextNode } from './nodes';

describe('care plan nodes', () => {
  it('accepts days strictly increasing from zero', () => {
    expect(firstNodeProblem([])).toBeNull();
    expect(firstNodeProblem([0, 1, 7, 30])).toBeNull();
  });

  it('names the first wrong day and why', () => {
    expect(firstNodeProblem([1, 7, 7])).toEqual({ index: 2, problem: 'duplicate' });
    expect(firstNodeProblem([1, 30, 7])).toEqual({ index: 2, problem: 'order' });
    expect(firstNodeProblem([-1, 7])).toEqual({ index: 0, problem: 'negative' });
    expect(firstNodeProblem([1, 2.5])).toEqual({ index: 1, problem: 'notWhole' });
    expect(firstNodeProblem([1, null])).toEqual({ index: 1, problem: 'notWhole' });
    expect(firstNodeProblem([1, 731])).toEqual({ index: 1, problem: 'tooLate' });
  });

  it('marks a duplicate as a duplicate even when it is also out of order', () => {
    expect(nodeProblems([7, 30, 7])).toEqual([null, null, 'duplicate']);
    expect(nodeProblems([7, 3, 30])).toEqual([null, 'order', null]);
  });

  it('suggests a next day past the last one', () => {
    expect(suggestNextNode([])).toBe(1);
    expect(suggestNextNode([1])).toBe(3);
    expect(suggestNextNode([1, 7])).toBe(14);
    expect(suggestNextNode([400])).toBe(430);
    expect(suggestNextNode([7, null])).toBe(14);
  });
});
