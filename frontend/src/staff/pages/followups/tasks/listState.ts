/**
 * The task list's state (tab, filters, page) in the address bar, so the workbench and the bell can link
 * straight to "my overdue follow-ups", and its translation into the API's query.
 */
import dayjs from 'dayjs';

import { DEFAULT_PAGE_SIZE, PAGE_SIZE_OPTIONS } from '../../../utils/pagination';
import type { TaskMethod, TaskQuery } from '../types';

export const TASK_TABS = ['today', 'overdue', 'upcoming', 'done'] as const;
export type TaskTab = (typeof TASK_TABS)[number];

export const METHODS: TaskMethod[] = ['phone', 'wechat', 'sms', 'visit'];

/** `me`: the user's own tasks; `all`: every task in the user's scope; a number: one member of staff. */
export type AssigneeFilter = 'me' | 'all' | number;

export interface TaskListState {
  tab: TaskTab;
  assignee: AssigneeFilter;
  method?: TaskMethod;
  rule?: number;
  /** Due dates (completion dates on the 已完成 tab), YYYY-MM-DD; the 今日 tab ignores them. */
  from?: string;
  to?: string;
  search?: string;
  /** 已完成 tab: the cancelled tasks instead of the done ones. */
  cancelled?: boolean;
  page: number;
  page_size: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function readDate(value: string | null): string | undefined {
  return value && DATE.test(value) && dayjs(value).format('YYYY-MM-DD') === value ? value : undefined;
}

function readPositive(value: string | null): number | undefined {
  const number = Number(value);
  return value && Number.isInteger(number) && number > 0 ? number : undefined;
}

export function readListState(params: URLSearchParams): TaskListState {
  const tab = params.get('tab');
  const assignee = params.get('assignee');
  const method = params.get('method');
  const pageSize = readPositive(params.get('page_size'));
  return {
    tab: (TASK_TABS as readonly string[]).includes(tab ?? '') ? (tab as TaskTab) : 'today',
    assignee: assignee === 'all' ? 'all' : (readPositive(assignee) ?? 'me'),
    method: (METHODS as string[]).includes(method ?? '') ? (method as TaskMethod) : undefined,
    rule: readPositive(params.get('rule')),
    from: readDate(params.get('from')),
    to: readDate(params.get('to')),
    search: params.get('search')?.trim().slice(0, 64) || undefined,
    cancelled: params.get('cancelled') === 'true' || undefined,
    page: readPositive(params.get('page')) ?? 1,
    page_size: pageSize && PAGE_SIZE_OPTIONS.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/** The address-bar form; defaults are left out so a plain /followups stays plain. */
export function writeListState(state: TaskListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.tab !== 'today') params.set('tab', state.tab);
  if (state.assignee !== 'me') params.set('assignee', String(state.assignee));
  if (state.method) params.set('method', state.method);
  if (state.rule) params.set('rule', String(state.rule));
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.search) params.set('search', state.search);
  if (state.cancelled && state.tab === 'done') params.set('cancelled', 'true');
  if (state.page > 1) params.set('page', String(state.page));
  if (state.page_size !== DEFAULT_PAGE_SIZE) params.set('page_size', String(state.page_size));
  return params;
}

const later = (a: string | undefined, b: string) => (a && a > b ? a : b);

/** What a tab asks the API for, given the clinic's today (YYYY-MM-DD). The 已完成 tab's dates are completion dates. */
export function toTaskQuery(state: TaskListState, today: string): TaskQuery {
  const query: TaskQuery = {
    method: state.method ? [state.method] : undefined,
    rule: state.rule,
    search: state.search,
    page: state.page,
    page_size: state.page_size,
  };
  if (state.assignee !== 'all') query.assignee = String(state.assignee);
  switch (state.tab) {
    case 'today':
      return { ...query, status: ['open'], due_from: today, due_to: today };
    case 'overdue':
      return { ...query, status: ['open'], overdue: 'true', due_from: state.from, due_to: state.to };
    case 'upcoming': {
      const tomorrow = dayjs(today).add(1, 'day').format('YYYY-MM-DD');
      return { ...query, status: ['open'], due_from: later(state.from, tomorrow), due_to: state.to };
    }
    case 'done':
      return {
        ...query,
        status: [state.cancelled ? 'cancelled' : 'done'],
        closed_from: state.from,
        closed_to: state.to,
        ordering: '-closed_at',
      };
  }
}

/** Whole days a task is past its due date on `today` (0 when it is not late). */
export function daysOverdue(dueOn: string, today: string): number {
  return Math.max(0, dayjs(today).diff(dayjs(dueOn), 'day'));
}

/** Filters besides the tab and the assignee that narrow the list (for the "clear" link and the badge). */
export function countFilters(state: TaskListState): number {
  return [state.method, state.rule, state.from || state.to, state.search].filter(Boolean).length;
}
