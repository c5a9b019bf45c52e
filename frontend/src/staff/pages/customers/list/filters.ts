/**
 * The customer list's state (filters, sort, page) and its three forms: the address bar (so a list can be
 * bookmarked, shared and returned to), the API query, and the filter form. A saved filter stores the
 * address-bar form of the filters, so applying one is reading it like a URL.
 */
import dayjs, { type Dayjs } from 'dayjs';

import { DEFAULT_PAGE_SIZE, PAGE_SIZE_OPTIONS } from '../../../utils/pagination';
import { GENDERS, type CustomerQuery, type Gender } from '../shared/service';

const ID_LIST_FILTERS = ['source', 'consultant', 'online_consultant', 'tier', 'tags'] as const;
const DATE_FILTERS = [
  'first_visit_after',
  'first_visit_before',
  'last_visit_after',
  'last_visit_before',
  'created_after',
  'created_before',
] as const;
const BOOLEAN_FILTERS = ['marketing_consent', 'photo_consent', 'no_consultant'] as const;

type IdListFilter = (typeof ID_LIST_FILTERS)[number];
type DateFilter = (typeof DATE_FILTERS)[number];
type BooleanFilter = (typeof BOOLEAN_FILTERS)[number];

export type CustomerFilters = { search?: string; gender?: Gender } & Partial<Record<IdListFilter, number[]>> &
  Partial<Record<DateFilter, string>> &
  Partial<Record<BooleanFilter, boolean>>;

/** Columns the server can sort by; the list's default is newest file first. */
export const SORTABLE = ['created_at', 'name_pinyin', 'first_visit_on', 'last_visit_on', 'visit_count'] as const;
export type SortField = (typeof SORTABLE)[number];

export interface ListState {
  filters: CustomerFilters;
  /** A SORTABLE field, `-` first for descending. */
  ordering?: string;
  page: number;
  page_size: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_IDS = 50;

function readIds(value: string | null): number[] | undefined {
  if (!value) return undefined;
  const ids = value
    .split(',')
    .map((part) => Number(part))
    .filter((id) => Number.isInteger(id) && id > 0)
    .slice(0, MAX_IDS);
  return ids.length > 0 ? [...new Set(ids)] : undefined;
}

function readDate(value: string | null): string | undefined {
  // dayjs rolls 2026-13-45 over into a real day; a real date formats back to itself.
  return value && DATE.test(value) && dayjs(value).format('YYYY-MM-DD') === value ? value : undefined;
}

function readBoolean(value: string | null): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function readPositive(value: string | null, fallback: number, allowed?: number[]): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) return fallback;
  return allowed && !allowed.includes(number) ? fallback : number;
}

function readOrdering(value: string | null): string | undefined {
  if (!value) return undefined;
  return (SORTABLE as readonly string[]).includes(value.replace(/^-/, '')) ? value : undefined;
}

/** Filters from an address bar or a saved filter's params; anything unknown or malformed is dropped. */
export function readFilters(params: URLSearchParams): CustomerFilters {
  const filters: CustomerFilters = {};
  const search = params.get('search')?.trim().slice(0, 64);
  if (search) filters.search = search;
  const gender = params.get('gender');
  if (GENDERS.includes(gender as Gender)) filters.gender = gender as Gender;
  for (const key of ID_LIST_FILTERS) {
    const ids = readIds(params.get(key));
    if (ids) filters[key] = ids;
  }
  for (const key of DATE_FILTERS) {
    const day = readDate(params.get(key));
    if (day) filters[key] = day;
  }
  for (const key of BOOLEAN_FILTERS) {
    const flag = readBoolean(params.get(key));
    if (flag !== undefined) filters[key] = flag;
  }
  return filters;
}

export function readListState(params: URLSearchParams): ListState {
  return {
    filters: readFilters(params),
    ordering: readOrdering(params.get('ordering')),
    page: readPositive(params.get('page'), 1),
    page_size: readPositive(params.get('page_size'), DEFAULT_PAGE_SIZE, PAGE_SIZE_OPTIONS),
  };
}

/** The filters as plain strings: the address bar's form and what a saved filter keeps. */
export function filterParams(filters: CustomerFilters): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params[key] = value.join(',');
    } else {
      params[key] = String(value);
    }
  }
  return params;
}

/** The address bar for a state; defaults are left out so a plain list has a plain URL. */
export function writeListState(state: ListState): URLSearchParams {
  const params = new URLSearchParams(filterParams(state.filters));
  if (state.ordering) params.set('ordering', state.ordering);
  if (state.page !== 1) params.set('page', String(state.page));
  if (state.page_size !== DEFAULT_PAGE_SIZE) params.set('page_size', String(state.page_size));
  return params;
}

/** The API's query for the filters (export) or for a page of the list. */
export function toQuery(filters: CustomerFilters, extra: Pick<CustomerQuery, 'ordering' | 'page' | 'page_size'> = {}): CustomerQuery {
  const { tags, ...rest } = filters;
  return { ...rest, tags: tags?.map(String), ...extra };
}

/** How many filters besides the search box are set: the number on the filter button. */
export function countActiveFilters(filters: CustomerFilters): number {
  const rest: CustomerFilters = { ...filters, search: undefined };
  const pairs: [string, string][] = [
    ['first_visit_after', 'first_visit_before'],
    ['last_visit_after', 'last_visit_before'],
    ['created_after', 'created_before'],
  ];
  let count = Object.keys(filterParams(rest)).length;
  // A range counts once, whether one end or both are set.
  for (const [from, to] of pairs) if (rest[from as keyof CustomerFilters] && rest[to as keyof CustomerFilters]) count -= 1;
  return count;
}

export function sameFilters(a: CustomerFilters, b: CustomerFilters): boolean {
  const left = filterParams(a);
  const right = filterParams(b);
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => left[key] === right[key]);
}

// --- the filter form -----------------------------------------------------------------------------

export type DayRange = [Dayjs | null, Dayjs | null] | null | undefined;

export type FilterFormValues = Partial<Record<IdListFilter, number[]>> & {
  gender?: Gender;
  first_visit?: DayRange;
  last_visit?: DayRange;
  created?: DayRange;
  marketing_consent?: boolean;
  photo_consent?: boolean;
  no_consultant?: boolean;
};

const RANGES = [
  ['first_visit', 'first_visit_after', 'first_visit_before'],
  ['last_visit', 'last_visit_after', 'last_visit_before'],
  ['created', 'created_after', 'created_before'],
] as const;

const day = (value: string | undefined) => (value ? dayjs(value) : null);
const text = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : undefined);

export function toFormValues(filters: CustomerFilters): FilterFormValues {
  const values: FilterFormValues = {
    gender: filters.gender,
    marketing_consent: filters.marketing_consent,
    photo_consent: filters.photo_consent,
    no_consultant: filters.no_consultant,
  };
  for (const key of ID_LIST_FILTERS) values[key] = filters[key];
  for (const [name, from, to] of RANGES) {
    values[name] = filters[from] || filters[to] ? [day(filters[from]), day(filters[to])] : undefined;
  }
  return values;
}

/** The form's filters; the search box is not in the form and is kept from `search`. */
export function fromFormValues(values: FilterFormValues, search?: string): CustomerFilters {
  const filters: CustomerFilters = {
    search,
    gender: values.gender,
    marketing_consent: values.marketing_consent ?? undefined,
    photo_consent: values.photo_consent ?? undefined,
    no_consultant: values.no_consultant || undefined,
  };
  for (const key of ID_LIST_FILTERS) {
    const ids = values[key];
    if (ids && ids.length > 0) filters[key] = ids;
  }
  for (const [name, from, to] of RANGES) {
    const [start, end] = values[name] ?? [null, null];
    filters[from] = text(start);
    filters[to] = text(end);
  }
  // One reading of "no consultant" at a time: choosing consultants and "unassigned" would match nothing.
  if (filters.no_consultant) delete filters.consultant;
  return readFilters(new URLSearchParams(filterParams(filters)));
}
