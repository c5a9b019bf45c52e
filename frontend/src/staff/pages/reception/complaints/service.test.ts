import { describe, expect, it } from 'vitest';

import { nextStatuses, suggestedStatus } from './service';

describe('complaint flow', () => {
  it('moves one step at a time and stops at closed', () => {
    expect(nextStatuses('open')).toEqual(['open', 'processing']);
    expect(nextStatuses('processing')).toEqual(['processing', 'resolved']);
    expect(nextStatuses('resolved')).toEqual(['resolved', 'closed']);
    expect(nextStatuses('closed')).toEqual([]);
  });

  it('suggests the next step', () => {
    expect(suggestedStatus('open')).toBe('processing');
    expect(suggestedStatus('processing')).toBe('resolved');
    expect(suggestedStatus('resolved')).toBe('closed');
    expect(suggestedStatus('closed')).toBe('closed');
  });
});
