/** Checks made before a picture is sent: the server checks again, but a 30 MB photo should not travel first. */
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from '../service';

export type ImageFileProblem = 'pages.catalog.knowledge.imageType' | 'pages.catalog.knowledge.imageSize';

export function checkImageFile(file: Pick<File, 'type' | 'size'>): ImageFileProblem | null {
  if (!IMAGE_TYPES.includes(file.type)) return 'pages.catalog.knowledge.imageType';
  if (file.size > MAX_IMAGE_BYTES) return 'pages.catalog.knowledge.imageSize';
  return null;
}

/** Moves the entry at `from` one place up (-1) or down (+1); out of range leaves the list as it was. */
export function moveEntry<T>(list: T[], from: number, step: -1 | 1): T[] {
  const to = from + step;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return list;
  const next = [...list];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}
