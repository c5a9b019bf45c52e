/**
 * The follow-up API as its pages use it: tasks (list, summary, create, result, reassign, cancel, bulk), the
 * automatic rules and an engine run, care plans, resource-optimisation rules and their log. Every key sits
 * under `followups`, so any write refreshes whatever the pages (and the 360° tab) show.
 */
import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/api/client';

import type {
  BulkInput,
  CarePlanInput,
  CarePlanQuery,
  ReassignInput,
  ResourceActionQuery,
  ResourceRuleInput,
  ResultInput,
  RuleInput,
  TaskInput,
  TaskQuery,
} from './types';

export * from './types';

export const followupKeys = {
  all: ['followups'] as const,
  tasks: ['followups', 'tasks'] as const,
  taskList: (query: TaskQuery) => ['followups', 'tasks', 'list', query] as const,
  task: (id: number) => ['followups', 'tasks', 'detail', id] as const,
  summary: ['followups', 'tasks', 'summary'] as const,
  rules: ['followups', 'rules'] as const,
  carePlans: ['followups', 'care-plans'] as const,
  carePlanList: (query: CarePlanQuery) => ['followups', 'care-plans', query] as const,
  resourceRules: ['followups', 'resource-rules'] as const,
  resourceActions: (query: ResourceActionQuery) => ['followups', 'resource-actions', query] as const,
  items: (search: string) => ['followups', 'items', search] as const,
};

const byId = (id: number) => ({ params: { path: { id } } });
const byItem = (item: number) => ({ params: { path: { item } } });

// --- tasks ----------------------------------------------------------------------------------------------
export const listTasks = (query: TaskQuery) => unwrap(api.GET('/api/v1/followups/', { params: { query } }));
export const getTask = (id: number) => unwrap(api.GET('/api/v1/followups/{id}/', byId(id)));
export const getSummary = () => unwrap(api.GET('/api/v1/followups/summary/'));
export const createTask = (body: TaskInput) => unwrap(api.POST('/api/v1/followups/', { body }));
export const recordResult = (id: number, body: ResultInput) => unwrap(api.POST('/api/v1/followups/{id}/result/', { ...byId(id), body }));
export const reassignTask = (id: number, body: ReassignInput) =>
  unwrap(api.POST('/api/v1/followups/{id}/reassign/', { ...byId(id), body }));
export const cancelTask = (id: number, reason: string) =>
  unwrap(api.POST('/api/v1/followups/{id}/cancel/', { ...byId(id), body: { reason } }));
export const bulkCreateTasks = (body: BulkInput) => unwrap(api.POST('/api/v1/followups/bulk/', { body }));

// --- automatic rules ------------------------------------------------------------------------------------
export const listRules = () => unwrap(api.GET('/api/v1/followup-rules/'));
export const updateRule = (id: number, body: RuleInput) => unwrap(api.PATCH('/api/v1/followup-rules/{id}/', { ...byId(id), body }));
export const runRules = () => unwrap(api.POST('/api/v1/followup-rules/run/'));

// --- care plans (keyed by the treatment item) -----------------------------------------------------------
export const listCarePlans = (query: CarePlanQuery) => unwrap(api.GET('/api/v1/care-plans/', { params: { query } }));
export const createCarePlan = (body: CarePlanInput) => unwrap(api.POST('/api/v1/care-plans/', { body }));
export const updateCarePlan = (item: number, body: CarePlanInput) => unwrap(api.PATCH('/api/v1/care-plans/{item}/', { ...byItem(item), body }));
export const deleteCarePlan = (item: number) => unwrap(api.DELETE('/api/v1/care-plans/{item}/', byItem(item)));

// --- resource optimisation ------------------------------------------------------------------------------
export const listResourceRules = () => unwrap(api.GET('/api/v1/resource-rules/'));
export const createResourceRule = (body: ResourceRuleInput) => unwrap(api.POST('/api/v1/resource-rules/', { body }));
export const updateResourceRule = (id: number, body: ResourceRuleInput) =>
  unwrap(api.PATCH('/api/v1/resource-rules/{id}/', { ...byId(id), body }));
export const deleteResourceRule = (id: number) => unwrap(api.DELETE('/api/v1/resource-rules/{id}/', byId(id)));
export const listResourceActions = (query: ResourceActionQuery) => unwrap(api.GET('/api/v1/resource-actions/', { params: { query } }));

/** Active treatment items by name, pinyin/initials or code, for the care-plan editor. */
export const searchItems = (search: string) =>
  unwrap(api.GET('/api/v1/catalog/items/', { params: { query: { search: search || undefined, is_active: true, page_size: 20 } } })).then(
    (page) => page.results,
  );

// --- hooks ----------------------------------------------------------------------------------------------

/** The five rules; every member of staff with follow-ups may read them (the task list filters by rule). */
export function useRules(enabled = true) {
  return useQuery({ queryKey: followupKeys.rules, queryFn: listRules, enabled, staleTime: 5 * 60_000 });
}

export function useSummary(enabled = true) {
  return useQuery({ queryKey: followupKeys.summary, queryFn: getSummary, enabled });
}
