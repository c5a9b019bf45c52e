/** The performance (业绩) API: the per-staff statement over a date range and its detail rows. Without
 * `sales.performance.view_all` the server answers with the user's own figures only. */
import { api, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type Statement = Schemas['Statement'];
export type StatementRow = Schemas['StatementRow'];
export type PerformanceEntry = Schemas['PerformanceEntry'];
export type PerformanceKind = Schemas['PerformanceKindEnum'];
export type PerformanceQuery = NonNullable<paths['/api/v1/performance/']['get']['parameters']['query']>;

export const PERFORMANCE_KINDS: PerformanceKind[] = ['sales', 'consumption', 'operation_fee'];

export const performanceKeys = {
  statement: (from: string, to: string) => ['sales', 'performance', 'statement', from, to] as const,
  entries: (query: PerformanceQuery) => ['sales', 'performance', 'entries', query] as const,
};

export const getStatement = (dateFrom: string, dateTo: string) =>
  unwrap(api.GET('/api/v1/performance/statement/', { params: { query: { date_from: dateFrom, date_to: dateTo } } }));

export const listEntries = (query: PerformanceQuery) => unwrap(api.GET('/api/v1/performance/', { params: { query } }));
