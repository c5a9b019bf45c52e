/**
 * A page's filters in its address bar. The workbench links each figure to the list behind it with the filters it
 * counted (backend/yimei/workbench/links.py); the page reads them with these helpers, dropping whatever is
 * malformed, and writes its filters back (`withParams`) so a reload or the back button keeps the view.
 */
import dayjs from 'dayjs';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD, or undefined. */
export function readDate(value: string | null | undefined): string | undefined {
  // dayjs rolls 2026-02-30 over into March: a real date formats back to itself.
  return value && ISO_DATE.test(value) && dayjs(value).format('YYYY-MM-DD') === value ? value : undefined;
}

/** A day that has begun: a valid date not after `today` (the clinic's date, YYYY-MM-DD), or undefined. */
export function readPastDate(value: string | null | undefined, today: string): string | undefined {
  const date = readDate(value);
  return date && date <= today ? date : undefined;
}

/** A positive whole number (a record's id), or undefined. */
export function readId(value: string | null | undefined): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** One of `allowed`, or undefined. */
export function readChoice<T extends string>(value: string | null | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((choice) => choice === value);
}

/**
 * The values of `key` that are among `allowed`, given as repeated `key=` or as a comma list (or both); unknown ones
 * are dropped, each value comes once, in the order of `allowed`.
 */
export function readChoices<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  const given = new Set(params.getAll(key).flatMap((value) => value.split(',').map((part) => part.trim())));
  return allowed.filter((choice) => given.has(choice));
}

/** What a page writes for each of its parameters: a value, several (a comma list), or undefined to leave it out. */
export type ParamChanges = Record<string, string | readonly string[] | undefined>;

/**
 * `current` with the given parameters replaced (undefined or an empty list removes one); the rest (`?appointment=`,
 * `?order=`, …) is kept as it is.
 */
export function withParams(current: URLSearchParams, changes: ParamChanges): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (value === undefined) continue;
    if (typeof value === 'string') next.set(key, value);
    else if (value.length > 0) next.set(key, value.join(','));
  }
  return next;
}
