/** Canvas sizing for the signature pad: sharp on high-density screens, and strokes kept when the pad resizes. */
import type { PointGroup } from 'signature_pad';

/** Device pixels per CSS pixel for the canvas: at least 1, at most 2, so the PNG stays well under the
 * server's 512 KB and 4000 px limits even on a 3× phone. */
export function canvasRatio(devicePixelRatio: number | undefined): number {
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio ? devicePixelRatio : 1;
  return Math.min(2, Math.max(1, ratio));
}

/** Strokes drawn on a pad `from` CSS pixels wide, redrawn on one `to` wide: shrunk uniformly so nothing is
 * cut off when the pad narrows (a rotated iPad), left as they are when it widens. */
export function fitStrokes(groups: readonly PointGroup[], from: number, to: number): PointGroup[] {
  if (from <= 0 || to >= from) return groups.map((group) => ({ ...group, points: [...group.points] }));
  const factor = to / from;
  return groups.map((group) => ({
    ...group,
    points: group.points.map((point) => ({ ...point, x: point.x * factor, y: point.y * factor })),
  }));
}
