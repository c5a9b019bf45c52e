/**
 * The cashier's list in the address bar: `tab=today|all` and, on 全部订单, `status=` (one or more, repeated or a
 * comma list), so the workbench's "orders to collect" opens `/sales/cashier?tab=all&status=pending`. `?order=`
 * (the open order) belongs to the page and is left alone.
 */
import { readChoice, readChoices, type ParamChanges } from '../../../utils/queryParams';
import { ORDER_STATUSES, type OrderStatus } from '../service';

export const CASHIER_TABS = ['today', 'all'] as const;
export type CashierTab = (typeof CASHIER_TABS)[number];

export interface CashierView {
  tab: CashierTab;
  /** Filters the 全部订单 tab; 今日待收 has its own. */
  statuses: OrderStatus[];
}

export function readCashierView(params: URLSearchParams): CashierView {
  const tab = readChoice(params.get('tab'), CASHIER_TABS) ?? 'today';
  return { tab, statuses: tab === 'all' ? readChoices(params, 'status', ORDER_STATUSES) : [] };
}

/** The parameters the view owns, for `withParams`; 今日待收 (the default) is a plain /sales/cashier. */
export function writeCashierView(view: CashierView): ParamChanges {
  return {
    tab: view.tab === 'today' ? undefined : view.tab,
    status: view.tab === 'all' ? view.statuses : undefined,
  };
}
