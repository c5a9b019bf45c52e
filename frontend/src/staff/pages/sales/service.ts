/**
 * The sales API as the order and cashier pages use it: orders and their price quote, discount approvals,
 * payments (sale, repayment, deposit) with receipts, refunds, a customer's assets, the day end and the
 * settings. Writes that can be retried send an `Idempotency-Key` (see useIdempotencyKey).
 */
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type OrderRow = Schemas['OrderList'];
export type Order = Schemas['OrderDetail'];
export type OrderLine = Schemas['OrderLine'];
export type OrderStatus = Schemas['OrderStatusEnum'];
export type OrderInput = Schemas['OrderCreateRequest'];
export type QuoteInput = Schemas['OrderQuoteRequest'];
export type LineInput = Schemas['OrderLineInputRequest'];
export type DiscountInput = Schemas['DiscountInputRequest'];
export type Quote = Schemas['Quote'];
export type DiscountApproval = Schemas['DiscountApproval'];
export type Payment = Schemas['Payment'];
export type PaymentInput = Schemas['PaymentCreateRequest'];
export type PaymentEntryInput = Schemas['PaymentEntryInputRequest'];
export type PaymentMode = Schemas['PaymentMode'];
export type PaymentModeInput = Schemas['PaymentModeRequest'];
export type Receipt = Schemas['Receipt'];
export type Refund = Schemas['Refund'];
export type RefundInput = Schemas['RefundCreateRequest'];
export type Refundable = Schemas['Refundable'];
export type Assets = Schemas['Assets'];
export type CustomerCard = Schemas['CustomerCard'];
export type DayEnd = Schemas['DayEnd'];
export type DiscountLimit = Schemas['DiscountLimit'];
export type SalesSettings = Schemas['SalesSettings'];
export type OrderQuery = NonNullable<paths['/api/v1/orders/']['get']['parameters']['query']>;
export type RefundQuery = NonNullable<paths['/api/v1/refunds/']['get']['parameters']['query']>;

/** The behaviour of a payment mode comes from its kind; names are the department's. */
export type ModeKind = 'cash' | 'wechat' | 'alipay' | 'bank_card' | 'stored_value' | 'deposit' | 'debt' | 'other';

export const ORDER_STATUSES: OrderStatus[] = ['pending', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'void'];
/** Orders the cashier still has to collect money for. */
export const OPEN_STATUSES: OrderStatus[] = ['pending', 'partially_paid'];

export const salesKeys = {
  orders: ['sales', 'orders'] as const,
  orderList: (query: OrderQuery) => ['sales', 'orders', 'list', query] as const,
  order: (id: number) => ['sales', 'orders', 'detail', id] as const,
  debts: (query: OrderQuery) => ['sales', 'orders', 'debts', query] as const,
  refundable: (id: number) => ['sales', 'orders', 'refundable', id] as const,
  myLimit: ['sales', 'my-discount-limit'] as const,
  approvals: (status: string) => ['sales', 'discount-approvals', status] as const,
  payments: ['sales', 'payments'] as const,
  receipt: (id: number) => ['sales', 'payments', 'receipt', id] as const,
  refunds: ['sales', 'refunds'] as const,
  refundList: (query: RefundQuery) => ['sales', 'refunds', 'list', query] as const,
  assets: (customer: number) => ['sales', 'assets', customer] as const,
  dayEnd: (date: string, cashier: number | null) => ['sales', 'day-end', date, cashier] as const,
  modes: ['sales', 'payment-modes'] as const,
  limits: ['sales', 'discount-limits'] as const,
  settings: ['sales', 'settings'] as const,
  catalog: (kind: string, search: string) => ['sales', 'catalog', kind, search] as const,
};

const byId = (id: number) => ({ params: { path: { id } } });
const keyed = (key: string) => ({ header: { 'Idempotency-Key': key } });

// --- orders ---------------------------------------------------------------------------------------------
export const listOrders = (query: OrderQuery) => unwrap(api.GET('/api/v1/orders/', { params: { query } }));
export const getOrder = (id: number) => unwrap(api.GET('/api/v1/orders/{id}/', byId(id)));
export const quoteOrder = (body: QuoteInput) => unwrap(api.POST('/api/v1/orders/quote/', { body }));
export const createOrder = (body: OrderInput, key: string) =>
  unwrap(api.POST('/api/v1/orders/', { body, params: keyed(key) }));
export const voidOrder = (id: number, reason: string) =>
  unwrap(api.POST('/api/v1/orders/{id}/void/', { ...byId(id), body: { reason } }));
export const listDebts = (query: OrderQuery) => unwrap(api.GET('/api/v1/orders/debts/', { params: { query } }));
export const getRefundable = (id: number) => unwrap(api.GET('/api/v1/orders/{id}/refundable/', byId(id)));
export const getMyDiscountLimit = () => unwrap(api.GET('/api/v1/orders/my-discount-limit/'));

export const listDiscountApprovals = (status: 'pending' | 'approved' | 'rejected') =>
  unwrap(api.GET('/api/v1/discount-approvals/', { params: { query: { status: [status] } } }));
export const decideDiscount = (id: number, approve: boolean, note: string) =>
  approve
    ? unwrap(api.POST('/api/v1/discount-approvals/{id}/approve/', { ...byId(id), body: { note } }))
    : unwrap(api.POST('/api/v1/discount-approvals/{id}/reject/', { ...byId(id), body: { note } }));

// --- payments -------------------------------------------------------------------------------------------
export const createPayment = (body: PaymentInput, key: string) =>
  unwrap(api.POST('/api/v1/payments/', { body, params: keyed(key) }));
export const getPayment = (id: number) => unwrap(api.GET('/api/v1/payments/{id}/', byId(id)));
export const getReceipt = (id: number) => unwrap(api.GET('/api/v1/payments/{id}/receipt/', byId(id)));
/** The receipt PDF's address (the browser opens it with the session cookie). */
export const receiptPdfUrl = (id: number) => `/api/v1/payments/${id}/receipt.pdf`;
export const listPaymentModes = () => unwrap(api.GET('/api/v1/payment-modes/'));

export function usePaymentModes(enabled = true) {
  return useQuery({ queryKey: salesKeys.modes, queryFn: listPaymentModes, enabled, staleTime: 5 * 60_000 });
}

// --- refunds --------------------------------------------------------------------------------------------
export const listRefunds = (query: RefundQuery) => unwrap(api.GET('/api/v1/refunds/', { params: { query } }));
export const createRefund = (body: RefundInput, key: string) =>
  unwrap(api.POST('/api/v1/refunds/', { body, params: keyed(key) }));
export const decideRefund = (id: number, approve: boolean, note: string) =>
  approve
    ? unwrap(api.POST('/api/v1/refunds/{id}/approve/', { ...byId(id), body: { note } }))
    : unwrap(api.POST('/api/v1/refunds/{id}/reject/', { ...byId(id), body: { note } }));

// --- assets, day end ------------------------------------------------------------------------------------
export const getAssets = (customer: number) => unwrap(api.GET('/api/v1/customer-assets/{id}/', byId(customer)));
export const getDayEnd = (date: string, cashier: number | null) =>
  unwrap(api.GET('/api/v1/day-end/', { params: { query: { date, ...(cashier ? { cashier } : {}) } } }));

// --- settings -------------------------------------------------------------------------------------------
export const createPaymentMode = (body: PaymentModeInput) => unwrap(api.POST('/api/v1/payment-modes/', { body }));
export const updatePaymentMode = (id: number, body: Partial<PaymentModeInput>) =>
  unwrap(api.PATCH('/api/v1/payment-modes/{id}/', { ...byId(id), body }));
export const listDiscountLimits = () => unwrap(api.GET('/api/v1/discount-limits/'));
export const createDiscountLimit = (body: { role: number; min_rate: string }) =>
  unwrap(api.POST('/api/v1/discount-limits/', { body }));
export const updateDiscountLimit = (id: number, body: { min_rate: string }) =>
  unwrap(api.PATCH('/api/v1/discount-limits/{id}/', { ...byId(id), body }));
export const deleteDiscountLimit = (id: number) => unwrap(api.DELETE('/api/v1/discount-limits/{id}/', byId(id)));
export const getSalesSettings = () => unwrap(api.GET('/api/v1/sales-settings/'));
export const updateSalesSettings = (body: Partial<Schemas['PatchedSalesSettingsRequest']>) =>
  unwrap(api.PATCH('/api/v1/sales-settings/', { body }));

// --- catalogue search for order lines --------------------------------------------------------------------
export type CatalogKind = 'item' | 'product' | 'card';

export interface CatalogOption {
  kind: CatalogKind;
  id: number;
  code: string;
  name: string;
  price_amount: string;
  unit: string;
  note: string;
}

/** Active items, products and cards matching a name, pinyin/initials or code (20 of each). */
export async function searchCatalog(search: string): Promise<CatalogOption[]> {
  const query = { search, is_active: true, page_size: 20 };
  const [items, products, cards] = await Promise.all([
    unwrap(api.GET('/api/v1/catalog/items/', { params: { query } })),
    unwrap(api.GET('/api/v1/catalog/products/', { params: { query } })),
    unwrap(api.GET('/api/v1/catalog/card-types/', { params: { query } })),
  ]);
  return [
    ...items.results.map((row) => ({
      kind: 'item' as const, id: row.id, code: row.code, name: row.name, price_amount: row.price_amount,
      unit: row.session_unit, note: row.category_path.join(' / '),
    })),
    ...products.results.map((row) => ({
      kind: 'product' as const, id: row.id, code: row.code, name: row.name, price_amount: row.price_amount,
      unit: row.unit, note: row.spec,
    })),
    ...(Array.isArray(cards) ? cards : cards.results).map((row) => ({
      kind: 'card' as const, id: row.id, code: row.code, name: row.name, price_amount: row.price_amount,
      unit: '', note: row.kind_display,
    })),
  ];
}
