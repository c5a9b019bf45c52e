import { describe, expect, it } from 'vitest';

import { getAccess } from '../../access';
import { canCancel, canRetry } from './service';

describe('message centre', () => {
  it('retries failed messages not already waiting for an automatic retry, and unknown ones', () => {
    expect(canRetry({ status: 'failed', auto_retry: false })).toBe(true);
    expect(canRetry({ status: 'failed', auto_retry: true })).toBe(false);
    expect(canRetry({ status: 'unknown', auto_retry: false })).toBe(true);
    expect(canRetry({ status: 'sent', auto_retry: false })).toBe(false);
    expect(canRetry({ status: 'pending', auto_retry: false })).toBe(false);
  });

  it('cancels only what has not reached a provider', () => {
    expect(['pending', 'failed', 'unknown'].every((status) => canCancel({ status: status as 'pending' }))).toBe(true);
    expect(['sending', 'sent', 'cancelled', 'skipped'].some((status) => canCancel({ status: status as 'sent' }))).toBe(false);
  });

  it('shows the menu to viewers and to whoever configures the channels', () => {
    expect(getAccess({ permissions: ['notify.message.view'] }).canViewMessages).toBe(true);
    expect(getAccess({ permissions: ['notify.settings.change'] }).canViewMessages).toBe(true);
    expect(getAccess({ permissions: ['notify.message.retry'] }).canViewMessages).toBe(false);
    expect(getAccess({ permissions: ['notify.message.view'] }).canRetryMessage).toBe(false);
  });
});
