/**
 * A care plan's schedule: days after the treatment (0 = the day itself) at which a follow-up task is due or a
 * care message goes out. The server refuses a schedule out of order; the editor checks it first so the nurse
 * sees which day is wrong before saving.
 */

export const MAX_NODE_DAY = 730;

export type NodeProblem = 'notWhole' | 'negative' | 'tooLate' | 'duplicate' | 'order';

/** The problem of each node (null when it is fine), in the order given. */
export function nodeProblems(nodes: readonly (number | null | undefined)[]): (NodeProblem | null)[] {
  return nodes.map((day, index) => {
    if (day === null || day === undefined || !Number.isInteger(day)) return 'notWhole';
    if (day < 0) return 'negative';
    if (day > MAX_NODE_DAY) return 'tooLate';
    const earlier = nodes.slice(0, index);
    if (earlier.includes(day)) return 'duplicate';
    const previous = earlier.at(-1);
    if (typeof previous === 'number' && Number.isInteger(previous) && previous > day) return 'order';
    return null;
  });
}

/** The first problem of a schedule, or null when every day is a whole number, ≥ 0, strictly increasing. */
export function firstNodeProblem(nodes: readonly (number | null | undefined)[]): { index: number; problem: NodeProblem } | null {
  const problems = nodeProblems(nodes);
  const index = problems.findIndex((problem) => problem !== null);
  return index < 0 ? null : { index, problem: problems[index]! };
}

/** The next day to offer when a node is added: a step past the last one (1, 7, 30, 90, 180, 365 …). */
export function suggestNextNode(nodes: readonly (number | null | undefined)[]): number {
  const last = [...nodes].reverse().find((day): day is number => typeof day === 'number' && Number.isInteger(day) && day >= 0);
  if (last === undefined) return 1;
  const steps = [1, 3, 7, 14, 30, 60, 90, 180, 365];
  return steps.find((step) => step > last) ?? last + 30;
}
