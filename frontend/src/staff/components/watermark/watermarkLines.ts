import type { Dayjs } from 'dayjs';

import { DATE_TIME_FORMAT } from '../../utils/time';

/** Who is looking and when: the two lines every signed-in page carries. */
export function watermarkLines(user: { name: string; staff_number: string }, now: Dayjs): [string, string] {
  return [`${user.name} ${user.staff_number}`, now.format(DATE_TIME_FORMAT)];
}
