/**
 * The deduction (划扣) API as the treatment pages and the 360° view use it: a customer's assets, deducting with
 * the customer's signature, reversing, the day's deductions and the operators a nurse may name. The deduction
 * is sent with an `Idempotency-Key` made once per form, so a retry after a lost answer never deducts twice.
 */
import { api, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type Assets = Schemas['Assets'];
export type Entitlement = Schemas['Entitlement'];
export type CustomerCard = Schemas['CustomerCard'];
export type Deduction = Schemas['Deduction'];
export type DeductionInput = Schemas['DeductionCreateRequest'];
export type DeductionOperator = Schemas['DeductionOperator'];
export type OperatorOption = Schemas['OperatorOption'];
export type DeductionQuery = NonNullable<paths['/api/v1/deductions/']['get']['parameters']['query']>;

/** Keys under `sales`, so invalidating `['sales']` after any sale, payment or deduction refreshes them all. */
export const treatmentKeys = {
  assets: (customer: number) => ['sales', 'assets', customer] as const,
  entitlement: (id: number) => ['sales', 'entitlements', id] as const,
  deductions: ['sales', 'deductions'] as const,
  deductionList: (query: DeductionQuery) => ['sales', 'deductions', 'list', query] as const,
  operatorOptions: ['sales', 'deductions', 'operator-options'] as const,
};

const byId = (id: number) => ({ params: { path: { id } } });

export const getAssets = (customer: number) =>
  unwrap(api.GET('/api/v1/customer-assets/{id}/', byId(customer)));
export const getEntitlement = (id: number) => unwrap(api.GET('/api/v1/entitlements/{id}/', byId(id)));
export const listDeductions = (query: DeductionQuery) =>
  unwrap(api.GET('/api/v1/deductions/', { params: { query } }));
export const listOperatorOptions = () => unwrap(api.GET('/api/v1/deductions/operator-options/'));

export const createDeduction = (body: DeductionInput, idempotencyKey: string) =>
  unwrap(api.POST('/api/v1/deductions/', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }));

export const reverseDeduction = (id: number, reason: string) =>
  unwrap(api.POST('/api/v1/deductions/{id}/reverse/', { ...byId(id), body: { reason } }));
