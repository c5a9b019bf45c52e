import { describe, expect, it } from 'vitest';

import { safeRedirect } from './safeRedirect';

describe('safeRedirect', () => {
  it('keeps a console path with its query', () => {
    expect(safeRedirect('/system/staff?page=2')).toBe('/system/staff?page=2');
  });

  it.each([null, '', 'https://example.org/', '//example.org/', '/login?redirect=/'])('sends %s home', (target) => {
    expect(safeRedirect(target)).toBe('/');
  });
});
