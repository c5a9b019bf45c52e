import type { Dayjs } from 'dayjs';

import { toApiDateTime } from '../../../utils/time';

export type TimeRange = [Dayjs | null, Dayjs | null] | null | undefined;

/** A picked range (clinic wall-clock, minute precision) as the API's inclusive ISO bounds. */
export function timeRangeQuery(range: TimeRange): { created_after?: string; created_before?: string } {
  const [start, end] = range ?? [null, null];
  return {
    created_after: start ? toApiDateTime(start.startOf('minute')) : undefined,
    created_before: end ? toApiDateTime(end.endOf('minute')) : undefined,
  };
}
