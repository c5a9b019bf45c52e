/**
 * The cashier's list in the address bar: `tab=today|all` and, on 全部订单, `status=` (one or more, repeated or a
 * comma list) and `has_debt=true|false`, so the workbench's "orders to collect" opens `/sales/cashier?tab=all&status=pending`. `?order=`
 * (the open order) belongs to the page and is left alone.
 */
import { readChoice, readChoices, type ParamChanges } from '../../../utils/queryParams';
import { ORDER_STATUSES, type OrderStatus } from '../service';

export const CASHIER_TABS = ['today', 'all'] as const;
export type CashierTab = (typeof CASHIER_TABS)[number];

const DEBT_CHOICES = ['true', 'false'] as const;

export interface CashierView {
  tab: CashierTab;
  /** Filters the 全部订单 tab; 今日待收 has its own. */
  statuses: OrderStatus[];
  /** 全部订单 only: with debt (`has_debt=true`), without (`false`), or either. */
  debt?: 'true' | 'false';
}

export function readCashierView(params: URLSearchParams): CashierView {
  const tab = readChoice(params.get('tab'), CASHIER_TABS) ?? 'today';
  if (tab !== 'all') return { tab, statuses: [] };
  return { tab, statuses: readChoices(params, 'status', ORDER_STATUSES), debt: readChoice(params.get('has_debt'), DEBT_CHOICES) };
}

/** The parameters the view owns, for `withParams`; 今日待收 (the default) is a plain /sales/cashier. */
export function writeCashierView(view: CashierView): ParamChanges {
  return {
    tab: view.tab === 'today' ? undefined : view.tab,
    status: view.tab === 'all' ? view.statuses : undefined,
    has_debt: view.tab === 'all' ? view.debt : undefined,
  };
}
