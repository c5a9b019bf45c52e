/**
 * The follow-up API as its pages use it: tasks (list, summary, create, result, reassign, cancel, bulk), the
 * automatic rules and an engine run, care plans, resource-optimisation rules and their log. Every key sits
 * under `followups`, so any write refreshes whatever the pages (and the 360° tab) show.
 */
import { useQuery } from '@tanstack/react-query';

import { CSRF_HEADER, ensureCsrfToken } from '@/api/csrf';
import { ApiError, NETWORK_ERROR_STATUS, toApiError } from '@/api/errors';

import type {
  BulkInput,
  BulkResult,
  CarePlan,
  CarePlanInput,
  FollowUpRule,
  FollowUpTask,
  Page,
  ReassignInput,
  ResourceAction,
  ResourceActionQuery,
  ResourceRule,
  ResourceRuleInput,
  ResultInput,
  RuleInput,
  RunResult,
  TaskInput,
  TaskQuery,
  TaskSummary,
} from './types';

export * from './types';

type Query = Record<string, string | number | boolean | null | undefined>;

async function call<T>(method: string, path: string, { query, body }: { query?: Query; body?: unknown } = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = await ensureCsrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    const search = params.toString();
    response = await fetch(search ? `${path}?${search}` : path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(NETWORK_ERROR_STATUS, 'network_error', '');
  }
  if (!response.ok) {
    const error: unknown = await response.json().catch(() => null);
    throw toApiError(response.status, error, response.headers.get('X-Request-ID'));
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const followupKeys = {
  all: ['followups'] as const,
  tasks: ['followups', 'tasks'] as const,
  taskList: (query: TaskQuery) => ['followups', 'tasks', 'list', query] as const,
  summary: ['followups', 'tasks', 'summary'] as const,
  rules: ['followups', 'rules'] as const,
  carePlans: ['followups', 'care-plans'] as const,
  resourceRules: ['followups', 'resource-rules'] as const,
  resourceActions: (query: ResourceActionQuery) => ['followups', 'resource-actions', query] as const,
};

const TASKS = '/api/v1/followups/';

// --- tasks ----------------------------------------------------------------------------------------------
export const listTasks = (query: TaskQuery) => call<Page<FollowUpTask>>('GET', TASKS, { query: { ...query } });
export const getSummary = () => call<TaskSummary>('GET', `${TASKS}summary/`);
export const createTask = (body: TaskInput) => call<FollowUpTask>('POST', TASKS, { body });
export const updateTask = (id: number, body: Partial<TaskInput>) => call<FollowUpTask>('PATCH', `${TASKS}${id}/`, { body });
export const recordResult = (id: number, body: ResultInput) => call<FollowUpTask>('POST', `${TASKS}${id}/result/`, { body });
export const reassignTask = (id: number, body: ReassignInput) => call<FollowUpTask>('POST', `${TASKS}${id}/reassign/`, { body });
export const cancelTask = (id: number, reason: string) => call<FollowUpTask>('POST', `${TASKS}${id}/cancel/`, { body: { reason } });
export const bulkCreateTasks = (body: BulkInput) => call<BulkResult>('POST', `${TASKS}bulk/`, { body });

// --- automatic rules ------------------------------------------------------------------------------------
export const listRules = async () => {
  const answer = await call<FollowUpRule[] | Page<FollowUpRule>>('GET', '/api/v1/followup-rules/');
  return Array.isArray(answer) ? answer : answer.results;
};
export const updateRule = (id: number, body: RuleInput) => call<FollowUpRule>('PATCH', `/api/v1/followup-rules/${id}/`, { body });
export const runRules = () => call<RunResult>('POST', '/api/v1/followup-rules/run/', { body: {} });

// --- care plans -----------------------------------------------------------------------------------------
export const listCarePlans = async () => {
  const answer = await call<CarePlan[] | Page<CarePlan>>('GET', '/api/v1/care-plans/', { query: { page_size: 200 } });
  return Array.isArray(answer) ? answer : answer.results;
};
export const createCarePlan = (body: CarePlanInput) => call<CarePlan>('POST', '/api/v1/care-plans/', { body });
export const updateCarePlan = (id: number, body: Partial<CarePlanInput>) => call<CarePlan>('PATCH', `/api/v1/care-plans/${id}/`, { body });
export const deleteCarePlan = (id: number) => call<void>('DELETE', `/api/v1/care-plans/${id}/`);

// --- resource optimisation ------------------------------------------------------------------------------
export const listResourceRules = async () => {
  const answer = await call<ResourceRule[] | Page<ResourceRule>>('GET', '/api/v1/resource-rules/', { query: { page_size: 200 } });
  return Array.isArray(answer) ? answer : answer.results;
};
export const createResourceRule = (body: ResourceRuleInput) => call<ResourceRule>('POST', '/api/v1/resource-rules/', { body });
export const updateResourceRule = (id: number, body: Partial<ResourceRuleInput>) =>
  call<ResourceRule>('PATCH', `/api/v1/resource-rules/${id}/`, { body });
export const deleteResourceRule = (id: number) => call<void>('DELETE', `/api/v1/resource-rules/${id}/`);
export const listResourceActions = (query: ResourceActionQuery) =>
  call<Page<ResourceAction>>('GET', '/api/v1/resource-actions/', { query: { ...query } });

// --- hooks ----------------------------------------------------------------------------------------------

export function useRules(enabled = true) {
  return useQuery({ queryKey: followupKeys.rules, queryFn: listRules, enabled, staleTime: 5 * 60_000 });
}

export function useSummary(enabled = true) {
  return useQuery({ queryKey: followupKeys.summary, queryFn: getSummary, enabled });
}
