import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';

import {
  countActiveFilters,
  filterParams,
  fromFormValues,
  readListState,
  sameFilters,
  toFormValues,
  toQuery,
  writeListState,
  type CustomerFilters,
} from './filters';

describe('list state in the address bar', () => {
  it('round-trips filters, sort and page', () => {
    const state = {
      filters: {
        search: '张',
        source: [1, 2],
        tags: [5],
        gender: 'female' as const,
        created_after: '2026-01-01',
        marketing_consent: false,
      },
      ordering: '-last_visit_on',
      page: 3,
      page_size: 50,
    };
    expect(readListState(writeListState(state))).toEqual(state);
  });

  it('leaves defaults out of the URL', () => {
    expect(writeListState({ filters: {}, page: 1, page_size: 20 }).toString()).toBe('');
  });

  it('drops what it does not understand', () => {
    const state = readListState(
      new URLSearchParams('source=1,x,-3,1&gender=robot&created_after=2026-13-45&photo_consent=maybe&ordering=phone&page=-2&page_size=7&evil=1'),
    );
    expect(state).toEqual({ filters: { source: [1] }, ordering: undefined, page: 1, page_size: 20 });
  });
});

describe('toQuery', () => {
  it('sends tags as strings, as the schema types them, with the page', () => {
    expect(toQuery({ tags: [1, 2], tier: [3] }, { page: 2, page_size: 20 })).toEqual({
      tags: ['1', '2'],
      tier: [3],
      page: 2,
      page_size: 20,
    });
  });
});

describe('countActiveFilters', () => {
  it('counts a date range once and ignores the search box', () => {
    const filters: CustomerFilters = {
      search: '138',
      source: [1],
      created_after: '2026-01-01',
      created_before: '2026-01-31',
      last_visit_after: '2026-01-01',
      no_consultant: true,
    };
    expect(countActiveFilters(filters)).toBe(4);
    expect(countActiveFilters({})).toBe(0);
  });
});

describe('the filter form', () => {
  it('turns date ranges into day strings and back', () => {
    const filters = fromFormValues(
      { first_visit: [dayjs('2026-02-01'), null], tags: [4], marketing_consent: true, consultant: [] },
      'zs',
    );
    expect(filters).toEqual({ search: 'zs', first_visit_after: '2026-02-01', tags: [4], marketing_consent: true });
    const values = toFormValues(filters);
    expect(values.first_visit?.[0]?.format('YYYY-MM-DD')).toBe('2026-02-01');
    expect(values.first_visit?.[1]).toBeNull();
    expect(values.created).toBeUndefined();
  });

  it('does not combine chosen consultants with "unassigned"', () => {
    expect(fromFormValues({ consultant: [3], no_consultant: true })).toEqual({ no_consultant: true });
  });
});

describe('saved filters', () => {
  it('keep the address-bar form and compare by value', () => {
    const filters: CustomerFilters = { source: [2, 1], photo_consent: true };
    expect(filterParams(filters)).toEqual({ source: '2,1', photo_consent: 'true' });
    expect(sameFilters(filters, { photo_consent: true, source: [2, 1] })).toBe(true);
    expect(sameFilters(filters, { source: [2, 1] })).toBe(false);
  });
});
