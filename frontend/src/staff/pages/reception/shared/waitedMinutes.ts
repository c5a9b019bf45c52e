/**
 * Minutes a customer has waited, kept live between refreshes. The server counts to its own clock when it
 * answers; adding the time since that answer avoids trusting the iPad's clock, which is often off.
 */
import type { Visit } from './visitService';

export function liveWaitedMinutes(
  visit: Pick<Visit, 'status' | 'waited_minutes'>,
  fetchedAt: number,
  now: number,
): number | null {
  if (visit.waited_minutes === null) return null;
  if (visit.status !== 'waiting') return visit.waited_minutes;
  return visit.waited_minutes + Math.max(Math.floor((now - fetchedAt) / 60_000), 0);
}

export type WaitLevel = 'ok' | 'long' | 'overdue';

/** Past 15 minutes the wait shows in orange, past 30 in red. */
export function waitLevel(minutes: number | null): WaitLevel {
  if (minutes === null || minutes < 15) return 'ok';
  return minutes < 30 ? 'long' : 'overdue';
}
