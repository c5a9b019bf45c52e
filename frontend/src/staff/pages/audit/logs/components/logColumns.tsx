import { Typography, type TableColumnType } from 'antd';
import type { TFunction } from 'i18next';

import { DATE_TIME_SECONDS_FORMAT, formatDateTime } from '../../../../utils/time';

/** When the entry was written, to the second. */
export function timeColumn<Row>(t: TFunction): TableColumnType<Row> {
  return {
    title: t('pages.audit.logs.time'),
    dataIndex: 'created_at',
    key: 'created_at',
    render: (value: string) => formatDateTime(value, DATE_TIME_SECONDS_FORMAT),
  };
}

/** The request id, shortened, with the whole id to copy. */
export function requestIdColumn<Row>(t: TFunction): TableColumnType<Row> {
  return {
    title: t('pages.audit.logs.requestId'),
    dataIndex: 'request_id',
    key: 'request_id',
    render: (value: string) =>
      value && (
        <Typography.Text copyable={{ text: value }} style={{ fontSize: 12 }}>
          {value.slice(0, 8)}
        </Typography.Text>
      ),
  };
}
