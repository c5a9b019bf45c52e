import { describe, expect, it } from 'vitest';

import { isUnsafeMethod, readCookie } from './csrf';

describe('readCookie', () => {
  it('finds a cookie among others', () => {
    expect(readCookie('csrftoken', 'yimei_x=1; csrftoken=abc%3D; other=2')).toBe('abc=');
  });

  it('returns null when the cookie is missing', () => {
    expect(readCookie('csrftoken', 'other=2')).toBeNull();
  });
});

describe('isUnsafeMethod', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('%s needs the CSRF header', (method) => {
    expect(isUnsafeMethod(method)).toBe(true);
  });

  it.each(['GET', 'HEAD', 'OPTIONS'])('%s does not', (method) => {
    expect(isUnsafeMethod(method)).toBe(false);
  });
});
