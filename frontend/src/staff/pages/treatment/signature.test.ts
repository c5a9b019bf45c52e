import type { PointGroup } from 'signature_pad';
import { describe, expect, it } from 'vitest';

import { canvasRatio, fitStrokes } from './signature';

const group = (points: [number, number][]): PointGroup => ({
  dotSize: 0,
  minWidth: 1,
  maxWidth: 3,
  penColor: '#000',
  velocityFilterWeight: 0.7,
  compositeOperation: 'source-over',
  points: points.map(([x, y]) => ({ x, y, pressure: 0.5, time: 0 })),
});

describe('canvasRatio', () => {
  it('follows the screen between 1 and 2', () => {
    expect(canvasRatio(1)).toBe(1);
    expect(canvasRatio(1.5)).toBe(1.5);
    expect(canvasRatio(3)).toBe(2);
    expect(canvasRatio(0)).toBe(1);
    expect(canvasRatio(undefined)).toBe(1);
    expect(canvasRatio(Number.NaN)).toBe(1);
  });
});

describe('fitStrokes', () => {
  it('shrinks strokes uniformly when the pad narrows', () => {
    const [fitted] = fitStrokes([group([[800, 200], [400, 100]])], 800, 400);
    expect(fitted.points.map((p) => [p.x, p.y])).toEqual([[400, 100], [200, 50]]);
  });

  it('keeps strokes where they are when the pad widens', () => {
    const original = [group([[100, 50]])];
    const [fitted] = fitStrokes(original, 400, 800);
    expect(fitted.points.map((p) => [p.x, p.y])).toEqual([[100, 50]]);
    expect(fitted.points).not.toBe(original[0].points);
  });
});
