import { describe, expect, it } from 'vitest';

import { newIdempotencyKey } from './idempotency';

describe('newIdempotencyKey', () => {
  it('is a version-4 UUID', () => {
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sets the version and variant bits whatever the random bytes are', () => {
    expect(newIdempotencyKey((bytes) => bytes.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newIdempotencyKey((bytes) => bytes.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('differs between calls', () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });
});
