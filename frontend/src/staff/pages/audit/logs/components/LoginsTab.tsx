import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Flex, Form, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FIRST_PAGE, serverPagination, type PageState } from '../../../../utils/pagination';
import { DATE_TIME_SECONDS_FORMAT, formatDateTime } from '../../../../utils/time';
import { auditKeys, listLogins, LOGIN_EVENTS, type LoginLog, type LoginQuery } from '../service';
import { timeRangeQuery, type TimeRange } from '../timeRange';
import { TimeRangePicker } from './TimeRangePicker';

type Filters = Omit<LoginQuery, 'page' | 'page_size'>;

interface FilterValues {
  search?: string;
  event?: LoginQuery['event'];
  ip?: string;
  range?: TimeRange;
}

const EVENT_COLORS = {
  login: 'success',
  logout: 'default',
  failure: 'warning',
  locked: 'error',
  timeout: 'default',
  unlock: 'processing',
} as const;

export function LoginsTab() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [pageState, setPageState] = useState<PageState>(FIRST_PAGE);
  const query = { ...filters, ...pageState };

  const { data, isFetching } = useQuery({
    queryKey: auditKeys.logins(query),
    queryFn: () => listLogins(query),
    placeholderData: keepPreviousData,
  });

  const apply = () => {
    const { range, search, ip, ...rest } = form.getFieldsValue();
    setFilters({ ...rest, search: search?.trim() || undefined, ip: ip?.trim() || undefined, ...timeRangeQuery(range) });
    setPageState((previous) => ({ ...previous, page: 1 }));
  };

  const columns: TableColumnsType<LoginLog> = [
    {
      title: t('pages.audit.logs.time'),
      dataIndex: 'created_at',
      key: 'created_at',
      render: (value: string) => formatDateTime(value, DATE_TIME_SECONDS_FORMAT),
    },
    { title: t('pages.audit.logs.username'), dataIndex: 'username', key: 'username' },
    {
      title: t('pages.audit.logs.event'),
      dataIndex: 'event',
      key: 'event',
      render: (event: LoginLog['event']) => <Tag color={EVENT_COLORS[event]}>{t(`enums.loginEvent.${event}`)}</Tag>,
    },
    { title: t('pages.audit.logs.ip'), dataIndex: 'ip', key: 'ip' },
    { title: t('pages.audit.logs.reason'), dataIndex: 'reason', key: 'reason' },
    {
      title: t('pages.audit.logs.userAgent'),
      dataIndex: 'user_agent',
      key: 'user_agent',
      width: 320,
      ellipsis: { showTitle: true },
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Form form={form} onValuesChange={(changed) => !('search' in changed || 'ip' in changed) && apply()}>
        <Flex wrap gap={8}>
          <Form.Item name="search" noStyle>
            <Input.Search allowClear placeholder={t('pages.audit.logs.search.logins')} onSearch={apply} style={{ width: 200, maxWidth: '100%' }} />
          </Form.Item>
          <Form.Item name="event" noStyle>
            <Select
              allowClear
              placeholder={t('pages.audit.logs.event')}
              options={LOGIN_EVENTS.map((event) => ({ value: event, label: t(`enums.loginEvent.${event}`) }))}
              style={{ width: 130 }}
            />
          </Form.Item>
          <Form.Item name="ip" noStyle>
            <Input.Search allowClear placeholder={t('pages.audit.logs.ip')} onSearch={apply} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="range" noStyle>
            <TimeRangePicker />
          </Form.Item>
        </Flex>
      </Form>
      <Table<LoginLog>
        rowKey="id"
        columns={columns}
        dataSource={data?.results}
        loading={isFetching}
        pagination={serverPagination(pageState, data?.count ?? 0, setPageState, t)}
        scroll={{ x: 'max-content' }}
      />
    </Flex>
  );
}
