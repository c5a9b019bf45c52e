/**
 * 日结 in the address bar: `date=YYYY-MM-DD` (a day that has begun; else today) and `cashier=<user id>`, so the
 * workbench's takings link opens the day it counted and a reload keeps the day and the cashier picked.
 */
import { readId, readPastDate, type ParamChanges } from '../../../utils/queryParams';

export interface DayEndView {
  /** The clinic's date, YYYY-MM-DD, never after today. */
  date: string;
  /** One cashier's takings; null: the whole desk. */
  cashier: number | null;
}

export function readDayEndView(params: URLSearchParams, today: string): DayEndView {
  return { date: readPastDate(params.get('date'), today) ?? today, cashier: readId(params.get('cashier')) ?? null };
}

/** The parameters the view owns, for `withParams`; today and the whole desk (the defaults) are left out. */
export function writeDayEndView(view: DayEndView, today: string): ParamChanges {
  return { date: view.date === today ? undefined : view.date, cashier: view.cashier ? String(view.cashier) : undefined };
}
