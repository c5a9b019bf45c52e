/**
 * 今日划扣 in the address bar: `date=YYYY-MM-DD` (a day that has begun; else today) and `whose=mine`, so the
 * workbench's "deductions today" link opens the day it counted and a reload keeps the day the user picked.
 */
import { readPastDate, type ParamChanges } from '../../../utils/queryParams';

export type Whose = 'all' | 'mine';

export interface DeductionsView {
  /** The clinic's date, YYYY-MM-DD, never after today. */
  date: string;
  whose: Whose;
}

export function readDeductionsView(params: URLSearchParams, today: string): DeductionsView {
  return { date: readPastDate(params.get('date'), today) ?? today, whose: params.get('whose') === 'mine' ? 'mine' : 'all' };
}

/** The parameters the view owns, for `withParams`; today and everyone's (the defaults) are left out. */
export function writeDeductionsView(view: DeductionsView, today: string): ParamChanges {
  return { date: view.date === today ? undefined : view.date, whose: view.whose === 'mine' ? 'mine' : undefined };
}
