import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { Form, type FormInstance, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FIRST_PAGE, serverPagination, type PageState } from '../../../../utils/pagination';
import { timeRangeQuery, type TimeRange } from '../timeRange';

type TextField<Values> = { [Field in keyof Values]: Values[Field] extends string | undefined ? Field : never }[keyof Values];

interface LogQueryOptions<Query, Values, Row> {
  queryKey: (query: Query) => QueryKey;
  queryFn: (query: Query) => Promise<{ count: number; results: Row[] }>;
  /** Free-text filters: trimmed, and applied on Enter rather than on every keystroke. */
  textFields: TextField<Values>[];
  /** Filters set outside the filter bar. */
  scope?: Partial<Query>;
}

export interface LogQuery<Query, Values, Row> {
  form: FormInstance<Values>;
  /** The query's filters without its page. */
  filters: Partial<Query>;
  apply: () => void;
  onValuesChange: (changed: Partial<Values>) => void;
  firstPage: () => void;
  table: Pick<TableProps<Row>, 'dataSource' | 'loading' | 'pagination'>;
}

/** A log list's filter form, server pagination and query. */
export function useLogQuery<Query extends Partial<PageState>, Values extends { range?: TimeRange }, Row>({
  queryKey,
  queryFn,
  textFields,
  scope,
}: LogQueryOptions<Query, Values, Row>): LogQuery<Query, Values, Row> {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [applied, setApplied] = useState<Partial<Query>>({});
  const [pageState, setPageState] = useState<PageState>(FIRST_PAGE);
  const filters = { ...applied, ...scope };
  const query = { ...filters, ...pageState } as Query;

  const { data, isFetching } = useQuery({
    queryKey: queryKey(query),
    queryFn: () => queryFn(query),
    placeholderData: keepPreviousData,
  });

  const firstPage = () => setPageState((previous) => ({ ...previous, page: 1 }));
  const apply = () => {
    const values = form.getFieldsValue();
    const { range, ...rest } = values;
    const texts = textFields.map((field) => [field, (values[field] as string | undefined)?.trim() || undefined]);
    setApplied({ ...rest, ...Object.fromEntries(texts), ...timeRangeQuery(range) } as Partial<Query>);
    firstPage();
  };

  return {
    form,
    filters,
    apply,
    onValuesChange: (changed) => !textFields.some((field) => field in changed) && apply(),
    firstPage,
    table: {
      dataSource: data?.results,
      loading: isFetching,
      pagination: serverPagination(pageState, data?.count ?? 0, setPageState, t),
    },
  };
}
