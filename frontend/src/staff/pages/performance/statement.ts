/**
 * Pure helpers of the performance statement: the default range, presets, the range in the address bar
 * (`date_from`, `date_to`: the workbench links "my sales this month" so) and the totals row (in cents).
 */
import { sumAmounts } from '../../utils/money';
import { readPastDate, type ParamChanges } from '../../utils/queryParams';
import type { StatementRow } from './service';

export interface DateRange {
  from: string;
  to: string;
}

/** YYYY-MM-DD of a local date. */
function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** This month so far, as the server defaults to. `today` is the clinic's date, YYYY-MM-DD. */
export function monthToDate(today: string): DateRange {
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

/** The whole previous calendar month. */
export function previousMonth(today: string): DateRange {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const [y, m] = month === 1 ? [year - 1, 12] : [year, month - 1];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: iso(y, m, 1), to: iso(y, m, last) };
}

/**
 * The range in the address bar, each end a day that has begun. One end alone: the other is the first of that day's
 * month (from the end) or today (from the start). Neither, or from after to: month to date.
 */
export function readRange(params: URLSearchParams, today: string): DateRange {
  const from = readPastDate(params.get('date_from'), today);
  const to = readPastDate(params.get('date_to'), today);
  if (from && to) return from <= to ? { from, to } : monthToDate(today);
  if (from) return { from, to: today };
  if (to) return { from: `${to.slice(0, 7)}-01`, to };
  return monthToDate(today);
}

/** The parameters the range owns, for `withParams`; month to date (the default) is left out. */
export function writeRange(range: DateRange, today: string): ParamChanges {
  const fallback = monthToDate(today);
  const isDefault = range.from === fallback.from && range.to === fallback.to;
  return { date_from: isDefault ? undefined : range.from, date_to: isDefault ? undefined : range.to };
}

export interface StatementTotals {
  sales_amount: string;
  consumption_amount: string;
  operation_fee_amount: string;
  entries: number;
}

/** The column sums shown under the table, added in integer cents. */
export function statementTotals(rows: readonly StatementRow[]): StatementTotals {
  return {
    sales_amount: sumAmounts(rows.map((row) => row.sales_amount)),
    consumption_amount: sumAmounts(rows.map((row) => row.consumption_amount)),
    operation_fee_amount: sumAmounts(rows.map((row) => row.operation_fee_amount)),
    entries: rows.reduce((total, row) => total + row.entries, 0),
  };
}
