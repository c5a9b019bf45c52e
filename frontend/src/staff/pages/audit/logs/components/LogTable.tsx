import { Flex, Form, Input, Table, type TableColumnsType, type TableProps } from 'antd';
import type { ReactNode } from 'react';

import { TimeRangePicker } from './TimeRangePicker';
import type { LogQuery } from './useLogQuery';

interface LogTableProps<Row, Values> {
  log: LogQuery<unknown, Values, Row>;
  columns: TableColumnsType<Row>;
  /** The leading free-text search. */
  search: { placeholder: string; width: number };
  /** Filters between the search and the trailing text filter. */
  selects: ReactNode;
  /** A trailing free-text filter, applied on Enter like the search. */
  textFilter: { name: string; placeholder: string };
  /** Buttons after the time range. */
  actions?: ReactNode;
  /** Shown between the filter bar and the table. */
  banner?: ReactNode;
  expandable?: TableProps<Row>['expandable'];
}

/** A log tab: the filter bar (search, filters, time range) over the server-paged table. */
export function LogTable<Row, Values>({
  log,
  columns,
  search,
  selects,
  textFilter,
  actions,
  banner,
  expandable,
}: LogTableProps<Row, Values>) {
  return (
    <Flex vertical gap={16}>
      <Form form={log.form} onValuesChange={log.onValuesChange}>
        <Flex wrap gap={8}>
          <Form.Item name="search" noStyle>
            <Input.Search allowClear placeholder={search.placeholder} onSearch={log.apply} style={{ width: search.width, maxWidth: '100%' }} />
          </Form.Item>
          {selects}
          <Form.Item name={textFilter.name} noStyle>
            <Input.Search allowClear placeholder={textFilter.placeholder} onSearch={log.apply} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="range" noStyle>
            <TimeRangePicker />
          </Form.Item>
          {actions}
        </Flex>
      </Form>
      {banner}
      <Table<Row> rowKey="id" columns={columns} {...log.table} scroll={{ x: 'max-content' }} expandable={expandable} />
    </Flex>
  );
}
