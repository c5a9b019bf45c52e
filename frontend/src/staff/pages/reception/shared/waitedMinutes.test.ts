import { describe, expect, it } from 'vitest';

import { liveWaitedMinutes, waitLevel } from './waitedMinutes';

const fetchedAt = Date.UTC(2026, 4, 1, 2, 0, 0);

describe('liveWaitedMinutes', () => {
  it('adds the minutes since the answer while the customer waits', () => {
    expect(liveWaitedMinutes({ status: 'waiting', waited_minutes: 5 }, fetchedAt, fetchedAt + 59_000)).toBe(5);
    expect(liveWaitedMinutes({ status: 'waiting', waited_minutes: 5 }, fetchedAt, fetchedAt + 3 * 60_000)).toBe(8);
  });

  it('keeps the wait until triage once triaged', () => {
    expect(liveWaitedMinutes({ status: 'consulting', waited_minutes: 12 }, fetchedAt, fetchedAt + 3_600_000)).toBe(12);
  });

  it('never goes back when the page clock is behind', () => {
    expect(liveWaitedMinutes({ status: 'waiting', waited_minutes: 5 }, fetchedAt, fetchedAt - 120_000)).toBe(5);
  });

  it('has nothing to show without a figure from the server', () => {
    expect(liveWaitedMinutes({ status: 'left', waited_minutes: null }, fetchedAt, fetchedAt)).toBeNull();
  });
});

describe('waitLevel', () => {
  it('marks long and overdue waits', () => {
    expect(waitLevel(null)).toBe('ok');
    expect(waitLevel(14)).toBe('ok');
    expect(waitLevel(15)).toBe('long');
    expect(waitLevel(30)).toBe('overdue');
  });
});
