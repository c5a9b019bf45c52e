import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';

export const DEFAULT_PAGE_SIZE = 20;
export const PAGE_SIZE_OPTIONS = [10, 20, 50, 100];

export interface PageState {
  page: number;
  page_size: number;
}

export const FIRST_PAGE: PageState = { page: 1, page_size: DEFAULT_PAGE_SIZE };

/** The total under a list; `capped` when the API stopped counting (`count_capped`). */
export function totalText(t: TFunction, count: number, capped = false): string {
  return capped ? t('common.pagination.totalCapped', { count }) : t('common.pagination.total', { count });
}

/** antd pagination driven by the API's `page`/`page_size` and `count` (`capped`: the API's `count_capped`). */
export function serverPagination(
  state: PageState,
  total: number,
  onChange: (next: PageState) => void,
  t: TFunction,
  capped = false,
): TablePaginationConfig {
  return {
    current: state.page,
    pageSize: state.page_size,
    total,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZE_OPTIONS,
    showTotal: (count) => totalText(t, count, capped),
    onChange: (page, pageSize) => onChange({ page: pageSize === state.page_size ? page : 1, page_size: pageSize }),
  };
}

/** antd pagination over a list the API sends whole. */
export function clientPagination(t: TFunction): TablePaginationConfig {
  return {
    defaultPageSize: DEFAULT_PAGE_SIZE,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZE_OPTIONS,
    showTotal: (count) => t('common.pagination.total', { count }),
  };
}
