/**
 * A figure against an earlier day: how much it moved and which way. Amounts are compared in integer cents
 * (never floats); the percentage is for display only.
 */
import { toCents } from '../../utils/money';

export type Direction = 'up' | 'down' | 'flat';

export interface Change {
  direction: Direction;
  /** The difference (now − before): a whole number, or cents for amounts. */
  delta: number;
  /** Rounded percentage of the earlier figure; null when the earlier figure was zero. */
  percent: number | null;
}

export function compare(now: number, before: number): Change {
  const delta = now - before;
  const direction: Direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const percent = before === 0 ? null : Math.round((Math.abs(delta) / Math.abs(before)) * 100);
  return { direction, delta, percent };
}

export function compareAmounts(now: string | null | undefined, before: string | null | undefined): Change {
  return compare(toCents(now) ?? 0, toCents(before) ?? 0);
}

/** Ant Design Pro's convention (and the Chinese one): a rise is red, a fall green. */
export const DIRECTION_COLORS: Record<Direction, string> = { up: '#cf1322', down: '#389e0d', flat: 'rgba(0, 0, 0, 0.45)' };
