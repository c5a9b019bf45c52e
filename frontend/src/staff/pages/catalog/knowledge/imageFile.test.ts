import { describe, expect, it } from 'vitest';

import { checkImageFile, moveEntry } from './imageFile';

describe('picture checks', () => {
  it('accepts JPEG, PNG and WebP up to 10 MB', () => {
    expect(checkImageFile({ type: 'image/jpeg', size: 1024 })).toBeNull();
    expect(checkImageFile({ type: 'image/webp', size: 10 * 1024 * 1024 })).toBeNull();
  });

  it('refuses other types and larger files', () => {
    expect(checkImageFile({ type: 'image/svg+xml', size: 10 })).toBe('pages.catalog.knowledge.imageType');
    expect(checkImageFile({ type: 'application/pdf', size: 10 })).toBe('pages.catalog.knowledge.imageType');
    expect(checkImageFile({ type: 'image/png', size: 10 * 1024 * 1024 + 1 })).toBe('pages.catalog.knowledge.imageSize');
  });
});

describe('moveEntry', () => {
  it('swaps with the neighbour and ignores moves past the ends', () => {
    expect(moveEntry(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveEntry(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveEntry(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveEntry(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});
