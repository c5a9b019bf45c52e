import { describe, expect, it } from 'vitest';

import { internalPath } from './NotificationBell.service';

const ORIGIN = 'https://crm.example.cn';

describe('notification links', () => {
  it('open paths of the console itself', () => {
    expect(internalPath('/followups?tab=overdue', ORIGIN)).toBe('/followups?tab=overdue');
    expect(internalPath(`${ORIGIN}/customers/12?tab=followups#top`, ORIGIN)).toBe('/customers/12?tab=followups#top');
  });

  it('never lead to another site or nowhere', () => {
    expect(internalPath('', ORIGIN)).toBeNull();
    expect(internalPath('//evil.example/x', ORIGIN)).toBeNull();
    expect(internalPath('https://evil.example/followups', ORIGIN)).toBeNull();
    expect(internalPath('javascript:alert(1)', ORIGIN)).toBeNull();
  });
});
