/** The lists behind the sales tabs of the 360° view (消费, 执行, 资产): a customer's orders with their lines and
 * payments, deductions, and assets. Keys sit under `sales` so any sale, payment or deduction refreshes them. */
import { api, unwrap, type Schemas } from '@/api/client';

import { TAB_PAGE_SIZE } from './records';

export type OrderRow = Schemas['OrderList'];
export type OrderDetail = Schemas['OrderDetail'];

export const salesTabKeys = {
  order: (id: number) => ['sales', 'orders', 'detail', id] as const,
};

export const listCustomerOrders = (customer: number, page: number) =>
  unwrap(api.GET('/api/v1/orders/', { params: { query: { customer, page, page_size: TAB_PAGE_SIZE } } }));
export const getOrderDetail = (id: number) => unwrap(api.GET('/api/v1/orders/{id}/', { params: { path: { id } } }));
export const listCustomerDeductions = (customer: number, page: number) =>
  unwrap(api.GET('/api/v1/deductions/', { params: { query: { customer, page, page_size: TAB_PAGE_SIZE } } }));
